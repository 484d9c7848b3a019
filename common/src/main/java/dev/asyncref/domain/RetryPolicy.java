package dev.asyncref.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How an operation retries a flaky call: at most {@code attempts} calls in all, with a growing pause
 * (backoff) between two of them. Before retry <i>n</i> (the first retry is 1) the nominal pause is
 * {@code firstBackoff × 2^(n-1)}, moved at random by up to {@code jitter} of itself either way, so that
 * callers that failed together do not all come back together (a thundering herd). Only a failure the
 * service calls retryable is retried. {@link OrderValidation#requireValidRetries} judges a policy.
 *
 * <p>The same policy as Reactor's {@code Retry.backoff(attempts - 1, firstBackoff).jitter(jitter)}, which
 * the Reactor style uses as it is; the other styles compute their pauses with {@link #backoffBefore}.
 *
 * @param attempts calls in all, the first one included: 1 means no retry
 * @param firstBackoff the nominal pause before the first retry
 * @param jitter how far a pause may stray from its nominal value, as a fraction of it: 0 (never) to
 *     below 1
 */
public record RetryPolicy(int attempts, Duration firstBackoff, double jitter) {

    /** The pause before retry {@code retry} (from 1), with its jitter drawn from {@code random}. */
    public Duration backoffBefore(int retry, RandomGenerator random) {
        long nominal = nominalNanos(retry);
        long spread = (long) (nominal * jitter);
        return Duration.ofNanos(spread == 0 ? nominal : nominal - spread + random.nextLong(2 * spread));
    }

    /** The shortest pause before retry {@code retry}, whatever the jitter draws: what a test may rely on. */
    public Duration minimumBackoffBefore(int retry) {
        return Duration.ofNanos(nominalNanos(retry) - (long) (nominalNanos(retry) * jitter));
    }

    private long nominalNanos(int retry) {
        if (retry < 1 || retry >= attempts) {
            throw new IllegalArgumentException("retry must be between 1 and " + (attempts - 1) + ", got " + retry);
        }
        return firstBackoff.toNanos() << (retry - 1);
    }
}
