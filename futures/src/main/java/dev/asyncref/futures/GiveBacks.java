package dev.asyncref.futures;

import dev.asyncref.context.OperationLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What one operation acquired (a reservation, a charge, a booking) and how to give each back if the
 * operation does not succeed: latest first, one at a time, each exactly once.
 *
 * <p>Acquisitions are recorded from the call's own answer, on the downstream thread that delivers it,
 * whatever became of the operation: a future cancelled by the caller ignores an answer that arrives
 * just after, and that answer (a charge, say) would be lost. An acquisition recorded after the operation
 * has started giving back is given back at once, on the executor. Every give-back starts there, so with
 * the operation's executor ({@link CallScope#executor()}) it carries the request's MDC, which the
 * downstream thread that recorded it has not. Hand-written because the JDK has no compensation stack
 * for futures; the reactive libraries' {@code using} operators and a {@code finally} block are the other
 * styles' answers.
 */
final class GiveBacks {

    private final Executor executor;
    private final Deque<Supplier<CompletableFuture<?>>> acquired = new ArrayDeque<>();
    private boolean givingBack;

    GiveBacks(Executor executor) {
        this.executor = executor;
    }

    /** Records something acquired, with the call that gives it back. */
    void acquired(Supplier<CompletableFuture<?>> giveBack) {
        synchronized (this) {
            if (!givingBack) {
                acquired.push(giveBack);
                return;
            }
        }
        // The answer arrived after the operation gave back the rest: nobody is left to hear of a failure.
        logFailures(inTurn(List.of(giveBack)));
    }

    /**
     * Gives back everything acquired so far, latest first, each call starting once the one before has
     * answered, and completes with the failures of those that failed; later calls to this method find
     * nothing left to give back. A failed give-back does not stop the others.
     */
    CompletableFuture<List<Throwable>> giveBackAll() {
        List<Supplier<CompletableFuture<?>>> latestFirst;
        synchronized (this) {
            givingBack = true;
            latestFirst = List.copyOf(acquired);
            acquired.clear();
        }
        return inTurn(latestFirst);
    }

    /**
     * {@link #giveBackAll()} for an operation nobody waits for any more (the caller cancelled): each failed
     * give-back is logged under the request, as nothing else will report it (R12.7).
     */
    void giveBackAllUnheard() {
        logFailures(giveBackAll());
    }

    private CompletableFuture<List<Throwable>> inTurn(List<Supplier<CompletableFuture<?>>> latestFirst) {
        CompletableFuture<List<Throwable>> failures = CompletableFuture.completedFuture(List.of());
        for (Supplier<CompletableFuture<?>> giveBack : latestFirst) {
            // On the give-back call's own future, whose failure is the service's own, never wrapped.
            failures = failures.thenComposeAsync(earlier -> giveBack.get().handle((given, error) -> error == null
                    ? earlier : append(earlier, error)), executor);
        }
        return failures;
    }

    // On the executor: the last give-back answered on a downstream thread, whose MDC names no request.
    private void logFailures(CompletableFuture<List<Throwable>> failures) {
        failures.thenAcceptAsync(failed -> failed.forEach(OperationLog::giveBackFailed), executor);
    }

    private static List<Throwable> append(List<Throwable> failures, Throwable failure) {
        List<Throwable> all = new ArrayList<>(failures);
        all.add(failure);
        return List.copyOf(all);
    }
}
