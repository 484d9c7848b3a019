package dev.asyncref.virtualthreads.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A hedged blocking call: the call, and the same call once more if no answer has come within
 * {@code hedgeAfter}; the first success wins, the other request (or the hedge still waiting for its delay) is
 * interrupted and has stopped before the value is returned, and a failure only loses.
 *
 * <p>The trap it avoids: a hedge whose delay swallows the interrupt ({@code catch (InterruptedException e) {}}
 * around its {@code Thread.sleep}, the commonest line in such code) wakes up early and sends its request although
 * the answer is in; and {@code invokeAny}, the JDK's race, keeps one failure of two. Here the hedge's delay is
 * its own virtual thread asleep: the first answer interrupts it, the sleep throws, and no request is sent.
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
     * Makes the call at once on a virtual thread, and again on another after {@code hedgeAfter} unless an
     * answer has come or the caller was interrupted; returns the first value once the other request has stopped.
     * A first request that fails early does not hasten the hedge: it still waits for its delay.
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
            // A new thread does not inherit the interrupt: the first request would start before take() noticed it.
            throw new InterruptedException("no request sent: the caller was interrupted");
        }
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<T> race = new ExecutorCompletionService<>(threads);
            List<Future<T>> requests = List.of(race.submit(call::call), race.submit(() -> {
                Thread.sleep(hedgeAfter); // interrupted once the race is over: it throws, and sends nothing
                return call.call();
            }));
            try {
                for (int ended = 0; ended < requests.size(); ended++) {
                    Future<T> request = race.take();
                    if (request.state() == Future.State.SUCCESS) {
                        return request.resultNow(); // once finally has interrupted the other, and close() waited
                    }
                    failures.add(request.exceptionNow());
                }
            } finally {
                requests.forEach(request -> request.cancel(true));
            }
        }
        throw allFailed.apply(List.copyOf(failures));
    }
}
