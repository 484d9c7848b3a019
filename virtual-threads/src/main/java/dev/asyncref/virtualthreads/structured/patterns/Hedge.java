package dev.asyncref.virtualthreads.structured.patterns;

import java.time.Duration;
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
 * A hedged blocking call, forked into a {@link StructuredTaskScope}: the call, and the same call once more if
 * no answer has come within {@code hedgeAfter}; the first success cancels the scope, which interrupts the other
 * request (or the hedge still waiting for its delay), and it has stopped before the value is returned; a
 * failure only loses.
 *
 * <p>The trap it avoids: a hedge whose delay swallows the interrupt ({@code catch (InterruptedException e) {}}
 * around its {@code Thread.sleep}) wakes up when the scope is cancelled and sends its request although the
 * answer is in; and the JDK's {@code Joiner.anySuccessfulResultOrThrow()} keeps one failure of two. Here the
 * hedge's delay is its fork asleep: cancelling the scope interrupts it, the sleep throws, and nothing is sent.
 * (JEP 505, a preview API in JDK 25: this package is the only code that uses it.)
 *
 * <p>What it needs from the client: the call is idempotent (it may be made twice), and an interrupt cancels it
 * (it stops the call and throws {@link InterruptedException}).
 *
 * {@snippet :
 * BigDecimal price = Hedge.hedged(() -> prices.price(sku), Duration.ofMillis(50),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class Hedge {

    private Hedge() {}

    /**
     * Forks the call at once, and the hedge, which makes it again after {@code hedgeAfter} unless the scope was
     * cancelled meanwhile; returns the first value once the other fork has stopped. A first request that fails
     * early does not hasten the hedge: it still waits for its delay.
     *
     * @param call one request, made once or twice
     * @param hedgeAfter how long the first request may take before the hedge is sent; positive
     * @param allFailed the exception to throw once both requests have failed, from their failures in the order
     *     they failed
     * @throws IllegalArgumentException if {@code hedgeAfter} is not positive
     */
    public static <T, X extends Exception> T hedged(Callable<? extends T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        if (!hedgeAfter.isPositive()) {
            throw new IllegalArgumentException("hedge delay must be positive, got " + hedgeAfter);
        }
        if (Thread.interrupted()) {
            // A fork does not inherit the interrupt: the first request would start before join() noticed it.
            throw new InterruptedException("no request sent: the caller was interrupted");
        }
        FirstSuccessJoiner<T> firstSuccess = new FirstSuccessJoiner<>();
        try (var scope = StructuredTaskScope.open(firstSuccess)) {
            scope.fork(call);
            scope.fork(() -> {
                Thread.sleep(hedgeAfter); // interrupted once the scope is cancelled: it throws, and sends nothing
                return call.call();
            });
            Subtask<? extends T> winner = scope.join();
            if (winner != null) {
                return winner.get(); // after close(): the other request has stopped
            }
        }
        throw allFailed.apply(List.copyOf(firstSuccess.failures));
    }

    /** The first successful fork, which cancels the scope, and every failure before it. */
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
            return true;
        }

        /** The winner, or {@code null} once both forks have failed. */
        @Override
        public Subtask<? extends T> result() {
            return winner.get();
        }
    }
}
