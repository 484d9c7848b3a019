package dev.asyncref.virtualthreads.structured.patterns;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The first success among blocking calls forked together into a {@link StructuredTaskScope}: a failure only
 * loses, the first success cancels the scope, which interrupts the losers, and they have stopped before the
 * winner's value is returned; once every call has failed, the caller's exception carries every failure.
 *
 * <p>The trap it avoids: the JDK's own {@code Joiner.anySuccessfulResultOrThrow()} keeps a single failure once
 * all have failed, and the others are lost. A {@link Joiner} is the JDK's extension point for what a scope
 * waits for: this one keeps each failure as it comes. (JEP 505, a preview API in JDK 25 that changes again in
 * JDK 26: this package is the only code that uses it.)
 *
 * <p>What it needs from the client: a blocking call that an interrupt cancels (it stops the call and throws
 * {@link InterruptedException}). A call that swallows the interrupt keeps running after it lost, and the scope's
 * {@code close()} waits for it before the race returns.
 *
 * {@snippet :
 * BigDecimal price = FirstSuccess.firstSuccess(
 *         List.of(() -> europe.price(sku), () -> america.price(sku)),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class FirstSuccess {

    private FirstSuccess() {}

    /**
     * Forks every call at once and returns the first value, once every other fork has stopped; interrupting the
     * caller cancels the scope, which interrupts them all, and throws {@link InterruptedException}.
     *
     * @param alternatives the calls, each forked once
     * @param allFailed the exception to throw once all have failed, made from their failures in the order they
     *     failed
     * @throws IllegalArgumentException if there is no alternative
     */
    public static <T, X extends Exception> T firstSuccess(List<? extends Callable<? extends T>> alternatives,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives to race");
        }
        if (Thread.interrupted()) {
            // A fork does not inherit the interrupt: every call would start before join() noticed it.
            throw new InterruptedException("no call made: the caller was interrupted");
        }
        FirstSuccessJoiner<T> firstSuccess = new FirstSuccessJoiner<>();
        try (var scope = StructuredTaskScope.open(firstSuccess)) {
            alternatives.forEach(alternative -> scope.fork(alternative));
            Subtask<? extends T> winner = scope.join();
            if (winner != null) {
                return winner.get(); // after close(): the losers have stopped
            }
        }
        throw allFailed.apply(List.copyOf(firstSuccess.failures));
    }

    /** The race's joiner: the first successful fork, which cancels the scope, and every failure before it. */
    private static final class FirstSuccessJoiner<T> implements Joiner<T, Subtask<? extends T>> {

        private final AtomicReference<Subtask<? extends T>> winner = new AtomicReference<>();
        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        /** Called on each fork's thread as it ends, unless the scope is cancelled; {@code true} cancels it. */
        @Override
        public boolean onComplete(Subtask<? extends T> fork) {
            if (fork.state() == Subtask.State.FAILED) {
                failures.add(fork.exception());
                return false;
            }
            winner.compareAndSet(null, fork);
            return true; // the race is won: cancel the scope, which interrupts the losers
        }

        /** The winner, or {@code null} once every fork has failed. */
        @Override
        public Subtask<? extends T> result() {
            return winner.get();
        }
    }
}
