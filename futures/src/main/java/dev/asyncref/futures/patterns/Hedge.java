package dev.asyncref.futures.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A hedged call: the call, and the same call once more if no answer has come within {@code hedgeAfter}; the
 * first success wins, the other request (or the hedge still waiting for its delay) is cancelled before the
 * value is delivered, and a failure only loses.
 *
 * <p>The trap it avoids: a hedge chained as {@code delay.thenCompose(x -> call())} cannot be cancelled once
 * its call has started, since cancelling a derived future never reaches the call; and a delay made with
 * {@code delayedExecutor} leaves its timer behind. Here the timer is a future this helper cancels, and each
 * request's own future is kept and cancelled.
 *
 * <p>What it needs from the client: the call is idempotent (it may be made twice), and cancelling the
 * future it returns cancels it ({@code Adapters.fromCallback}).
 *
 * {@snippet :
 * CompletableFuture<BigDecimal> price = Hedge.hedged(() -> prices.price(sku), Duration.ofMillis(50),
 *         failures -> new PriceUnavailableException(sku, failures), executor);
 * }
 */
public final class Hedge {

    private Hedge() {}

    /**
     * Makes the call on the calling thread at once, and again on {@code executor} after {@code hedgeAfter}
     * unless an answer has come or the caller has cancelled; completes on the thread that brings the first
     * value. A first request that fails early does not hasten the hedge: it still waits for its delay.
     *
     * @param call starts one request and returns that request's own future
     * @param hedgeAfter how long the first request may take before the hedge is sent; positive
     * @param allFailed the exception to fail with once both requests have failed, from their failures
     * @param executor where the hedge is sent: not the JDK's delay thread, which every timer of the JVM shares
     * @throws IllegalArgumentException if {@code hedgeAfter} is not positive
     */
    public static <T> CompletableFuture<T> hedged(Supplier<? extends CompletableFuture<T>> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends Throwable> allFailed, Executor executor) {
        if (!hedgeAfter.isPositive()) {
            throw new IllegalArgumentException("hedge delay must be positive, got " + hedgeAfter);
        }
        CompletableFuture<T> first = new CompletableFuture<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger lost = new AtomicInteger();
        Requests<T> requests = new Requests<>();
        first.whenComplete((value, error) -> requests.cancelAll());
        Runnable send = () -> requests.send(call, (value, error) -> {
            if (error == null) {
                requests.cancelAll(); // the loser, before the winner's value travels on
                first.complete(value);
            } else {
                failures.add(unwrap(error));
                if (lost.incrementAndGet() == 2 && !first.isDone()) {
                    first.completeExceptionally(allFailed.apply(List.copyOf(failures)));
                }
            }
        });
        send.run();
        // Registered before its timer is set: a hedge that has already ended (the first request answered at
        // once) cancels it here, and completeOnTimeout sets no timer on a future already done.
        CompletableFuture<Void> delay = new CompletableFuture<>();
        requests.add(delay);
        // completeOnTimeout, not delayedExecutor: cancelling the timer removes it from the JDK's delay queue.
        delay.completeOnTimeout(null, TimeUnit.NANOSECONDS.convert(hedgeAfter), TimeUnit.NANOSECONDS)
                .thenRunAsync(send, executor);
        return first;
    }

    /** The requests made so far and the hedge's delay: once cancelled, no further request starts. */
    private static final class Requests<T> {

        private final List<CompletableFuture<?>> started = new ArrayList<>();
        private boolean cancelled;

        /** Makes a request and hands its outcome to {@code answered}, unless the hedge has ended. */
        void send(Supplier<? extends CompletableFuture<T>> call, BiConsumer<? super T, ? super Throwable> answered) {
            CompletableFuture<T> request;
            synchronized (this) {
                if (cancelled) {
                    return; // the delay ended as the first request won, or as the caller cancelled
                }
                try {
                    request = call.get();
                } catch (RuntimeException failure) {
                    request = CompletableFuture.failedFuture(failure);
                }
                started.add(request);
            }
            // Outside the lock: a winner's answer travels on to the caller's stages from here.
            request.whenComplete(answered);
        }

        synchronized void add(CompletableFuture<?> delay) {
            started.add(delay);
            if (cancelled) {
                delay.cancel(true);
            }
        }

        void cancelAll() {
            List<CompletableFuture<?>> toCancel;
            synchronized (this) {
                cancelled = true;
                toCancel = List.copyOf(started);
            }
            toCancel.forEach(future -> future.cancel(true));
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
