package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Time limits: a timeout for one call ({@link #withTimeout}), and a deadline shared by the steps of an
 * operation ({@link #beforeDeadline}), each step getting what is left of it. A late call is cancelled before
 * its timeout is delivered.
 *
 * <p>The trap it avoids: a timer task that only tells the callback leaves the call running, holding whatever
 * it holds, and then hears its late answer too: the callback called twice. A timer nobody cancels when the
 * answer comes in time stays queued for the whole timeout, one per call. Here whichever comes first, the
 * answer or the timer, ends the other, and the callback hears once.
 *
 * <p>What it needs from the client: cancelling a call cancels it.
 *
 * {@snippet :
 * TimeLimits.Deadline deadline = TimeLimits.Deadline.in(Duration.ofSeconds(2));
 * TimeLimits.beforeDeadline(deadline, prices.price(sku), () -> new TimeoutException("price"), scheduler)
 *         .start(Call.Callback.of(
 *                 price -> TimeLimits.beforeDeadline(deadline, payments.charge(price),
 *                                 () -> new TimeoutException("charge"), scheduler)
 *                         .start(Call.Callback.of(this::show, this::showFailure)),
 *                 this::showFailure));
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
     * The call, failed with {@code timedOut} unless it answers within {@code timeout}: on {@code scheduler}'s
     * thread the call is then cancelled, and only after that is the timeout made and delivered. An answer in
     * time is delivered on the thread that brings it, its timer cancelled first. Cancelling cancels the call and
     * its timer.
     *
     * @param timeout positive
     * @param timedOut the exception for a call still unanswered when the timeout fires
     * @param scheduler times the call; its task is cancelled once not needed, so that a
     *     {@link java.util.concurrent.ScheduledThreadPoolExecutor} should remove cancelled tasks
     *     ({@code setRemoveOnCancelPolicy(true)}) rather than keep each until its delay runs out
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static <T> Call<T> withTimeout(Call<T> call, Duration timeout, Supplier<? extends Throwable> timedOut,
            ScheduledExecutorService scheduler) {
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        // In nanoseconds: toMillis() rounds down, and would fire early.
        long nanos = TimeUnit.NANOSECONDS.convert(timeout);
        return callback -> new Timed<>(timedOut, callback).start(call, nanos, scheduler);
    }

    /**
     * A step of an operation bound by {@code deadline}: one started once the deadline has passed fails with
     * {@code passed} without being called; otherwise it runs {@link #withTimeout} what is left of the deadline
     * when it starts.
     */
    public static <T> Call<T> beforeDeadline(Deadline deadline, Call<T> step, Supplier<? extends Throwable> passed,
            ScheduledExecutorService scheduler) {
        return callback -> {
            Duration left = deadline.remaining();
            if (!left.isPositive()) {
                callback.onFailure(passed.get());
                return () -> {};
            }
            return withTimeout(step, left, passed, scheduler).start(callback);
        };
    }

    /** One timed call: its handle, its timer, and whether it is over. */
    private static final class Timed<T> implements Cancellable {

        private final Supplier<? extends Throwable> timedOut;
        private final Callback<T> callback;
        private Cancellable call;
        private ScheduledFuture<?> timer;
        private boolean over;

        Timed(Supplier<? extends Throwable> timedOut, Callback<T> callback) {
            this.timedOut = timedOut;
            this.callback = callback;
        }

        Cancellable start(Call<T> timed, long nanos, ScheduledExecutorService scheduler) {
            // The call first, then its timer, so that the call has all of its time; an answer at hand arms none.
            Cancellable started = timed.start(Callback.of(this::succeeded, this::failed));
            synchronized (this) {
                if (!over) {
                    call = started;
                    timer = scheduler.schedule(reported(this::late), nanos, TimeUnit.NANOSECONDS);
                }
            }
            return this;
        }

        private void succeeded(T value) {
            if (end(false)) {
                callback.onSuccess(value);
            }
        }

        private void failed(Throwable failure) {
            if (end(false)) {
                callback.onFailure(failure);
            }
        }

        private void late() {
            if (end(true)) {
                callback.onFailure(timedOut.get());
            }
        }

        @Override
        public void cancel() {
            end(true);
        }

        /** Ends it unless it is over: cancels the timer, and the call unless it has answered. */
        private boolean end(boolean cancelCall) {
            Cancellable cancelling;
            ScheduledFuture<?> stopping;
            synchronized (this) {
                if (over) {
                    return false;
                }
                over = true;
                cancelling = call;
                stopping = timer;
            }
            if (stopping != null) {
                stopping.cancel(false);
            }
            if (cancelCall && cancelling != null) {
                cancelling.cancel();
            }
            return true;
        }
    }

    /**
     * The task, its exception handed to its thread's uncaught-exception handler: a scheduled task's own is
     * kept in its {@code ScheduledFuture}, which nobody reads, and so is lost.
     */
    private static Runnable reported(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error failure) {
                Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
            }
        };
    }
}
