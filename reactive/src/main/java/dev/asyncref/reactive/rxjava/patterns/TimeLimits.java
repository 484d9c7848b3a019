package dev.asyncref.reactive.rxjava.patterns;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Time limits: a timeout for one call ({@link #withTimeout}), and a deadline shared by the steps of an
 * operation ({@link #beforeDeadline}), each step getting what is left of it. A late call is disposed before
 * its timeout is delivered.
 *
 * <p>The trap it avoids: {@code Single.timeout} arms its timer before it subscribes the call, so the time a
 * cold chain takes to subscribe is taken from the call's, and can outlast it: the timeout then fires before
 * the call is made. Once it has fired, a call failing at that moment is handed to
 * {@code RxJavaPlugins.onError} as undeliverable, as {@code ambWith} hands the loser's error; and its error is
 * RxJava's {@code TimeoutException}, not the caller's. Here the call is subscribed first, then its timer,
 * and both outcomes race as values ({@code materialize}), so that the loser's, error or not, goes nowhere.
 * Per-step timeouts that each restart the clock add up to far more than the caller can wait: a deadline
 * gives each step what is left, read as the step is subscribed.
 *
 * <p>What it needs from the client: disposing the call cancels it ({@code Adapters}).
 *
 * {@snippet :
 * Single<Receipt> receipt = Single.defer(() -> {
 *     TimeLimits.Deadline deadline = TimeLimits.Deadline.in(Duration.ofSeconds(2)); // per subscription
 *     return TimeLimits.beforeDeadline(deadline, prices.price(sku), () -> new TimeoutException("price"), timers)
 *             .flatMap(price -> TimeLimits.beforeDeadline(deadline, payments.charge(price),
 *                     () -> new TimeoutException("charge"), timers));
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
            return new Deadline(now + Math.min(NANOSECONDS.convert(limit), Long.MAX_VALUE / 2));
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
     * The call, failed with {@code timedOut} unless it answers within {@code timeout}, counted from its
     * subscription: the call is then disposed, on {@code scheduler}'s thread, and only after that the timeout
     * signalled. Disposing the result disposes the call and its timer. An answer in time is signalled on the
     * thread that brings it, once the timer is disposed.
     *
     * @param call a cold {@code Single} making the call when subscribed
     * @param timeout positive
     * @param timedOut the exception for a call still unanswered when the timeout fires
     * @param scheduler times the timeout and signals it; a {@code TestScheduler} makes that virtual time
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static <T> Single<T> withTimeout(Single<T> call, Duration timeout, Supplier<? extends Throwable> timedOut,
            Scheduler scheduler) {
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        // Capped: a timeout of centuries is simply that long, never a clock overflowing into the past.
        Single<T> late = Completable.timer(Math.min(NANOSECONDS.convert(timeout), Long.MAX_VALUE / 2), NANOSECONDS,
                scheduler).andThen(Single.error(timedOut::get));
        // ambWith subscribes the call first, and disposes the loser before the winner's signal travels on.
        return call.materialize().ambWith(late.materialize()).dematerialize(outcome -> outcome).toSingle();
    }

    /**
     * A step of an operation bound by {@code deadline}, judged when it is subscribed: one due once the
     * deadline has passed fails with {@code passed} without being subscribed; otherwise it runs
     * {@link #withTimeout} what is left of the deadline.
     */
    public static <T> Single<T> beforeDeadline(Deadline deadline, Single<T> step, Supplier<? extends Throwable> passed,
            Scheduler scheduler) {
        return Single.defer(() -> {
            Duration left = deadline.remaining();
            return left.isPositive() ? withTimeout(step, left, passed, scheduler) : Single.error(passed::get);
        });
    }
}
