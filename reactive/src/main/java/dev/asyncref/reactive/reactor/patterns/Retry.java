package dev.asyncref.reactive.reactor.patterns;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * Retries with exponential backoff and jitter: a failure the caller deems retryable is followed by a pause,
 * then the next attempt, up to a number of attempts; the last failure, or one not worth retrying, fails with
 * the caller's exception made from every failure so far. Cancelling the subscription cancels the attempt in
 * flight, or ends the pause, and no attempt follows.
 *
 * <p>Reactor's own {@link reactor.util.retry.Retry#backoff} does the retrying, pausing and cancelling; this
 * helper adds what it lacks. The trap it avoids: exhausted, {@code Retry.backoff} fails with its own
 * {@code RetryExhaustedException} around the last failure, and the earlier attempts' failures are lost; a
 * list that keeps them must be made per subscription, inside {@code Mono.defer}: one made when the Mono is built
 * collects the failures of every run of it. A cancelled attempt signals nothing, so it is never retried.
 *
 * <p>What it needs from the client: each subscription makes a fresh attempt (a cold Mono, not a cached one),
 * and cancelling the subscription cancels the call ({@code Adapters}).
 *
 * {@snippet :
 * Mono<BigDecimal> price = Retry.retrying(prices.price(sku),
 *         new Retry.Backoff(3, Duration.ofMillis(100), 0.5),
 *         failure -> failure instanceof IOException,
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class Retry {

    // A pause of centuries is simply that long: Mono.delay counts in nanoseconds, and Retry.backoff's own
    // longest pause, Long.MAX_VALUE milliseconds, would overflow them.
    private static final long LONGEST_PAUSE_NANOS = Long.MAX_VALUE / 4;

    private Retry() {}

    /**
     * At most {@code attempts} calls in all; before retry <i>n</i> (the first retry is 1) a pause of
     * {@code firstBackoff × 2^(n-1)}, moved at random by up to {@code jitter} of itself, so that callers that
     * failed together do not all come back together.
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

        /**
         * A pause before retry {@code retry} (from 1), its jitter drawn at random as {@code Retry.backoff} draws
         * it: up to {@code jitter} of the nominal pause either way, but never below {@code firstBackoff}, so the
         * first retry's jitter only ever lengthens it. For a caller that budgets for the pauses; the retries
         * themselves draw their own (to the millisecond).
         */
        public Duration pauseBefore(int retry) {
            if (retry < 1 || retry >= attempts) {
                throw new IllegalArgumentException("retry must be between 1 and " + (attempts - 1) + ", got " + retry);
            }
            long first = Math.min(TimeUnit.NANOSECONDS.convert(firstBackoff), LONGEST_PAUSE_NANOS);
            long nominal = first > LONGEST_PAUSE_NANOS >> (retry - 1) ? LONGEST_PAUSE_NANOS : first << (retry - 1);
            long spread = (long) (nominal * jitter);
            long shortest = Math.max(nominal - spread, first);
            return Duration.ofNanos(spread == 0
                    ? nominal
                    : shortest + ThreadLocalRandom.current().nextLong(nominal + spread - shortest));
        }
    }

    /**
     * Subscribes the call; each retry is subscribed when its pause ends, as a rule on the thread of
     * {@code Schedulers.parallel()} (virtual under {@code StepVerifier.withVirtualTime}), though Reactor may
     * subscribe it on the thread that delivered the failure. Signals on the thread that brings the last
     * attempt's outcome.
     *
     * @param call a cold Mono, making one attempt each time it is subscribed
     * @param retryable whether a failure is worth another attempt
     * @param failedAfter the exception to fail with, from every attempt's failure in order
     */
    public static <T> Mono<T> retrying(Mono<T> call, Backoff backoff, Predicate<? super Throwable> retryable,
            Function<? super List<Throwable>, ? extends Throwable> failedAfter) {
        return Mono.defer(() -> {
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            return call.doOnError(failures::add)
                    .retryWhen(reactor.util.retry.Retry.backoff(backoff.attempts() - 1, backoff.firstBackoff())
                            .maxBackoff(Duration.ofNanos(LONGEST_PAUSE_NANOS))
                            .jitter(backoff.jitter())
                            .filter(retryable))
                    // Whatever ended the retries, a failure not worth retrying or Reactor's RetryExhaustedException,
                    // the caller hears of every attempt's failure.
                    .onErrorMap(last -> failedAfter.apply(List.copyOf(failures)));
        });
    }
}
