package dev.asyncref.reactive.rxjava.patterns;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A hedged call: the call, and the same call once more if no answer has come within {@code hedgeAfter}; the
 * first success wins, the other request (or the hedge still waiting for its delay) is disposed before the
 * value is delivered, and a failure only loses.
 *
 * <p>The trap it avoids: {@code call.timeout(hedgeAfter, scheduler, call)} looks like a hedge but is a
 * retry: it disposes the first request as it sends the second, and loses the answer that was about to come.
 * {@code call.delay(hedgeAfter)} makes the call at once and only holds back its answer; the hedge needs
 * {@code delaySubscription}. And {@code Single.amb} lets a first request that fails early win the race with
 * its failure, disposing the hedge before it is sent. Here both requests race as in {@code FirstSuccess},
 * the hedge subscribed when its timer fires, and the race disposes that timer with the loser.
 *
 * <p>What it needs from the client: the call is idempotent (it may be made twice), cold (each subscription
 * makes one call), and disposing it cancels it ({@code Adapters}).
 *
 * {@snippet :
 * Single<BigDecimal> price = Hedge.hedged(prices.price(sku), Duration.ofMillis(50),
 *         failures -> new PriceUnavailableException(sku, failures), Schedulers.computation());
 * }
 */
public final class Hedge {

    private Hedge() {}

    /**
     * Subscribes the call at once, on the subscribing thread, and again on {@code scheduler}'s thread after
     * {@code hedgeAfter} unless an answer has come or the subscriber has disposed; signals on the thread that
     * brings the first value. A first request that fails early does not hasten the hedge: it still waits for
     * its delay.
     *
     * @param call a cold {@code Single} making one request when subscribed
     * @param hedgeAfter how long the first request may take before the hedge is sent; positive
     * @param allFailed the exception to fail with once both requests have failed, from their failures
     * @param scheduler times the hedge's delay and sends it; a {@code TestScheduler} makes that virtual time
     * @throws IllegalArgumentException if {@code hedgeAfter} is not positive
     */
    public static <T> Single<T> hedged(Single<T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends Throwable> allFailed, Scheduler scheduler) {
        if (!hedgeAfter.isPositive()) {
            throw new IllegalArgumentException("hedge delay must be positive, got " + hedgeAfter);
        }
        // Capped: a delay of centuries is simply that long, never a clock overflowing into the past.
        Single<T> hedge = call.delaySubscription(Math.min(NANOSECONDS.convert(hedgeAfter), Long.MAX_VALUE / 2),
                NANOSECONDS, scheduler);
        return Single.defer(() -> {
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            return Maybe.merge(call.toMaybe().onErrorComplete(failures::add),
                            hedge.toMaybe().onErrorComplete(failures::add))
                    .firstElement()
                    .switchIfEmpty(Single.error(() -> allFailed.apply(List.copyOf(failures))));
        });
    }
}
