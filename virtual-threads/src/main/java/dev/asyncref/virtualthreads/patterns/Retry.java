package dev.asyncref.virtualthreads.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Retries a blocking call with exponential backoff and jitter: a failure the caller deems retryable is followed
 * by a pause, then the next attempt, up to a number of attempts; the last failure, or one not worth retrying,
 * throws the caller's exception made from every failure so far. Interrupting the caller cancels the attempt in
 * flight, or ends the pause, and no attempt follows.
 *
 * <p>The trap it avoids: a retry loop that catches {@code Exception} around the call catches the
 * {@link InterruptedException} of a cancelled attempt too, and retries the very call the caller stopped; and a
 * pause whose {@code Thread.sleep} swallows its interrupt ({@code catch (InterruptedException e) {}}) sleeps
 * through the cancel and calls again. Here an interrupt passes through both. Hand-written because the JDK has no
 * retry: in blocking code a loop is the idiom, and each attempt and each pause run on the caller's own thread,
 * a virtual thread whose sleep holds no platform thread.
 *
 * <p>What it needs from the client: an interrupt cancels the call (it stops the call and throws
 * {@link InterruptedException}).
 *
 * {@snippet :
 * BigDecimal price = Retry.retrying(() -> prices.price(sku),
 *         new Retry.Backoff(3, Duration.ofMillis(100), 0.5),
 *         failure -> failure instanceof IOException,
 *         failures -> new PriceUnavailableException(sku, failures));
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
            long nominal = Math.min(TimeUnit.NANOSECONDS.convert(firstBackoff.multipliedBy(1L << (retry - 1))),
                    Long.MAX_VALUE / 4);
            long spread = (long) (nominal * jitter);
            return Duration.ofNanos(spread == 0
                    ? nominal
                    : nominal - spread + ThreadLocalRandom.current().nextLong(2 * spread));
        }
    }

    /**
     * Makes each attempt, and each pause, on the calling thread, and returns the first value.
     *
     * @param retryable whether a failure is worth another attempt
     * @param failedAfter the exception to throw, from every attempt's failure in order
     */
    public static <T, X extends Exception> T retrying(Callable<? extends T> call, Backoff backoff,
            Predicate<? super Throwable> retryable, Function<? super List<Throwable>, ? extends X> failedAfter)
            throws X, InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (InterruptedException cancelled) {
                throw cancelled; // the caller's own interrupt: a cancelled attempt is not a failure to retry
            } catch (Exception failure) {
                failures.add(failure);
                if (attempt == backoff.attempts() || !retryable.test(failure)) {
                    throw failedAfter.apply(List.copyOf(failures));
                }
            }
            Thread.sleep(backoff.pauseBefore(attempt)); // an interrupt ends it at once, and no attempt follows
        }
    }
}
