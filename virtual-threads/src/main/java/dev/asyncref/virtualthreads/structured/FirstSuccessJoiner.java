package dev.asyncref.virtualthreads.structured;

import dev.asyncref.domain.Step;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A race's joiner: the first successful subtask's result, which cancels the scope (interrupting the
 * losers); if every subtask fails, the step's failure carrying each of them.
 *
 * <p>Hand-written because the JDK's {@code Joiner.anySuccessfulResultOrThrow()} keeps only one failure
 * when all fail; {@link Joiner} is the extension point the JDK provides for this.
 */
final class FirstSuccessJoiner<T> implements Joiner<T, T> {

    private final Step step;
    private final AtomicReference<T> first = new AtomicReference<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    FirstSuccessJoiner(Step step) {
        this.step = step;
    }

    /** Called on each subtask's thread as it completes; {@code true} cancels the scope. */
    @Override
    public boolean onComplete(Subtask<? extends T> subtask) {
        switch (subtask.state()) {
            case SUCCESS -> {
                first.compareAndSet(null, subtask.get());
                return true; // the race is won: cancel the scope, which interrupts the losers
            }
            case FAILED -> failures.add(subtask.exception());
            case UNAVAILABLE -> { } // cancelled with the scope: neither a win nor a failure
        }
        return false;
    }

    @Override
    public T result() {
        T winner = first.get();
        if (winner == null) {
            throw step.allFailed(List.copyOf(failures));
        }
        return winner;
    }
}
