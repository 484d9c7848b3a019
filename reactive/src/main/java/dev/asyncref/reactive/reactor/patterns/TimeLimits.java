package dev.asyncref.reactive.reactor.patterns;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Time limits: a timeout for one call ({@link #withTimeout}), and a deadline shared by the steps of an
 * operation ({@link #beforeDeadline}), each step getting what is left of it when it is subscribed. A late call
 * is cancelled before its timeout travels on.
 *
 * <p>The trap it avoids: {@code Mono.timeout} arms its timer in {@code onSubscribe}, before a
 * {@code Mono.create} call has even started, so starting the call eats into its time (while the code is still
 * cold, a short timeout can fire before the call is made), and it fails with its own {@code TimeoutException}.
 * Here the call races a timer with {@code or}, which subscribes the call first and the timer second, and cancels
 * the loser before the winner's signal travels on. And per-step timeouts that each restart the clock add up to
 * far more than the caller can wait; a deadline's remainder read when the Mono is built, rather than when the
 * step is subscribed, gives the step time it no longer has.
 *
 * <p>What it needs from the client: cancelling the subscription cancels the call ({@code Adapters}).
 *
 * {@snippet :
 * Mono<Receipt> receipt = Mono.defer(() -> {
 *     TimeLimits.Deadline deadline = TimeLimits.Deadline.in(Duration.ofSeconds(2)); // per subscription
 *     return TimeLimits.beforeDeadline(deadline, prices.price(sku), () -> new TimeoutException("price"))
 *             .flatMap(price -> TimeLimits.beforeDeadline(deadline, payments.charge(price),
 *                     () -> new TimeoutException("charge")));
 * });
 * }
 */
public final class TimeLimits {

    private TimeLimits() {}

    /** A point in time, on {@link System#nanoTime}'s clock, by which an operation must be done. */
    public record Deadline(long atNanos) {

        /** The deadline {@code limit} from now; a limit of centuries is simply that far away. */
        public static Deadline in(Duration limit) {
            long now = System.nanoTime();
            return new Deadline(now + Math.min(TimeUnit.NANOSECONDS.convert(limit), Long.MAX_VALUE / 2));
        }

        /** What is left of it: zero or negative once it has passed. */
        public Duration remaining() {
            return Duration.ofNanos(atNanos - System.nanoTime());
        }

        public boolean hasPassed() {
            return !remaining().isPositive();
        }
    }

    /**
     * The call, failed with {@code timedOut} unless it signals within {@code timeout} of being subscribed: the
     * call is then cancelled, and only after that is the timeout signalled, on the timer's thread
     * ({@code Schedulers.parallel()}, virtual under {@code StepVerifier.withVirtualTime}). The call's own
     * value or failure travels on the thread that brings it, once the timer has been cancelled. Cancelling the
     * subscription cancels the call and the timer.
     *
     * @param call a cold Mono, making its call when subscribed
     * @param timeout positive
     * @param timedOut the exception for a call still unanswered when the timeout fires
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static <T> Mono<T> withTimeout(Mono<T> call, Duration timeout, Supplier<? extends Throwable> timedOut) {
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        // Capped: a timeout of centuries is simply that long, where Mono.delay's nanoseconds would overflow.
        Duration limit = Duration.ofNanos(Math.min(TimeUnit.NANOSECONDS.convert(timeout), Long.MAX_VALUE / 2));
        return call.or(Mono.delay(limit).then(Mono.error(timedOut)));
    }

    /**
     * A step of an operation bound by {@code deadline}: subscribed once the deadline has passed, it fails with
     * {@code passed} without being subscribed; otherwise it runs {@link #withTimeout} what is left of the
     * deadline at that moment.
     */
    public static <T> Mono<T> beforeDeadline(Deadline deadline, Mono<T> step, Supplier<? extends Throwable> passed) {
        return Mono.defer(() -> {
            Duration left = deadline.remaining();
            return left.isPositive() ? withTimeout(step, left, passed) : Mono.error(passed);
        });
    }
}
