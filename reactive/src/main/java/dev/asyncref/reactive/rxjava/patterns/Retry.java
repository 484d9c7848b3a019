package dev.asyncref.reactive.rxjava.patterns;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Retries with exponential backoff and jitter: a failure the caller deems retryable is followed by a pause,
 * then the next attempt, up to a number of attempts; the last failure, or one not worth retrying, fails with
 * the caller's exception made from every failure so far. Disposing the result disposes the attempt in flight,
 * or the pause, and no attempt follows.
 *
 * <p>The trap it avoids: {@code retry(n)} and {@code retry(predicate)} resubscribe at once, with no pause,
 * hammering a service that is already struggling, and report the last failure alone. {@code retryWhen}, the
 * tool for a pause, has pitfalls of its own: ending the retries by completing the handler's stream (the
 * classic {@code errors.take(n)} or {@code zipWith(range(..))}) makes the {@code Single} fail with a
 * {@code NoSuchElementException} instead of the failure, so here the end is an error; and state kept outside
 * the handler (a counter made as the chain is assembled) is shared by every subscription, so here the
 * failures are listed inside it, which RxJava applies once per subscription. A retry of a hot call
 * ({@code Single.fromCompletionStage(client.price(sku))}) resubscribes to the same failed answer and calls
 * nothing.
 *
 * <p>What it needs from the client: the call is cold (each subscription makes one attempt), and disposing it
 * cancels it ({@code Adapters.fromFuture} makes both of a {@code CompletableFuture} client).
 *
 * {@snippet :
 * Single<BigDecimal> price = Retry.retrying(prices.price(sku),
 *         new Retry.Backoff(3, Duration.ofMillis(100), 0.5),
 *         failure -> failure instanceof IOException,
 *         failures -> new PriceUnavailableException(sku, failures), Schedulers.computation());
 * }
 */
public final class Retry {

    private Retry() {}

    /**
     * At most {@code attempts} calls in all; before retry <i>n</i> (the first retry is 1) a pause of
     * {@code firstBackoff × 2^(n-1)}, moved at random by up to {@code jitter} of itself either way, so that
     * callers that failed together do not all come back together.
     *
     * @param attempts calls in all, the first included: 1 means no retry
     * @param firstBackoff the nominal pause before the first retry; positive
     * @param jitter how far a pause may stray from its nominal value, as a fraction of it: 0 to below 1
     */
    public record Backoff(int attempts, Duration firstBackoff, double jitter) {

        public Backoff {
            if (attempts < 1 || attempts > 31) {
                throw new IllegalArgumentException("attempts must be between 1 and 31, got " + attempts);
            }
            if (!firstBackoff.isPositive()) {
                throw new IllegalArgumentException("first backoff must be positive, got " + firstBackoff);
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be at least 0 and below 1, got " + jitter);
            }
        }

        /** The pause before retry {@code retry} (from 1), its jitter drawn at random. */
        public Duration pauseBefore(int retry) {
            if (retry < 1 || retry >= attempts) {
                throw new IllegalArgumentException("retry must be between 1 and " + (attempts - 1) + ", got " + retry);
            }
            // Saturated, then halved: a pause of centuries is simply that long, and spread * 2 never overflows.
            long nominal = Math.min(NANOSECONDS.convert(firstBackoff.multipliedBy(1L << (retry - 1))),
                    Long.MAX_VALUE / 4);
            long spread = (long) (nominal * jitter);
            return Duration.ofNanos(spread == 0
                    ? nominal
                    : nominal - spread + ThreadLocalRandom.current().nextLong(2 * spread));
        }
    }

    /**
     * Subscribes the first attempt on the subscribing thread; each retry on {@code scheduler}'s thread when its
     * pause ends. Signals on the thread that brings the last attempt's outcome. Each subscription retries on its
     * own.
     *
     * @param call a cold {@code Single} making one attempt when subscribed
     * @param retryable whether a failure is worth another attempt
     * @param failedAfter the exception to fail with, from every attempt's failure in order
     * @param scheduler times the pauses and starts the retries; a {@code TestScheduler} makes that virtual time
     */
    public static <T> Single<T> retrying(Single<T> call, Backoff backoff, Predicate<? super Throwable> retryable,
            Function<? super List<Throwable>, ? extends Throwable> failedAfter, Scheduler scheduler) {
        return call.retryWhen(errors -> {
            // One run's failures: the handler is applied once per subscription. A plain list, since each
            // failure comes only after the attempt that the one before it paused for.
            List<Throwable> failures = new ArrayList<>();
            // A disposed attempt signals nothing, so it never comes here: a cancelled attempt is not retried.
            return errors.concatMapSingle(failure -> {
                failures.add(failure);
                int retry = failures.size();
                if (retry == backoff.attempts() || !retryable.test(failure)) {
                    return Single.error(failedAfter.apply(List.copyOf(failures)));
                }
                return Single.timer(backoff.pauseBefore(retry).toNanos(), NANOSECONDS, scheduler);
            });
        });
    }
}
