package dev.asyncref.domain;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An operation's deadline, shared by its steps: each step gets what is left of it as its own timeout, so
 * that a timeout names the step in progress and no step starts once the deadline has passed.
 *
 * @param limit the whole budget, reported in the timeout
 * @param endNanos when it runs out, on the {@link System#nanoTime()} clock (never the wall clock, which
 *     can jump)
 */
public record Deadline(Duration limit, long endNanos) {

    /** A deadline {@code limit} from now; beyond about 146 years it is simply that far (no overflow). */
    public static Deadline in(Duration limit) {
        long nanos = Math.min(TimeUnit.NANOSECONDS.convert(limit), Long.MAX_VALUE / 2);
        return new Deadline(limit, System.nanoTime() + nanos);
    }

    /** What is left; zero or negative once the deadline has passed. */
    public Duration remaining() {
        return Duration.ofNanos(endNanos - System.nanoTime());
    }

    public boolean hasPassed() {
        return !remaining().isPositive();
    }

    /** The exception for the deadline passing while {@code step} was in progress, or about to start. */
    public TimedOutException passedAt(Step step) {
        return step.timedOut(limit);
    }
}
