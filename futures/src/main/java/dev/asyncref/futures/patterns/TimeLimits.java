package dev.asyncref.futures.patterns;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Time limits: a timeout for one call ({@link #withTimeout}), and a deadline shared by the steps of an
 * operation ({@link #beforeDeadline}), each step getting what is left of it. A late call is cancelled before
 * its timeout is delivered.
 *
 * <p>The trap it avoids: {@code orTimeout} fails the future it is called on and leaves the call behind it
 * running, holding whatever it holds; and per-step timeouts that each restart the clock add up to far more
 * than the caller can wait. Here the call's own future is cancelled, then the caller's timeout delivered.
 *
 * <p>What it needs from the client: cancelling the future a call returns cancels the call
 * ({@code Adapters.fromCallback}).
 *
 * {@snippet :
 * TimeLimits.Deadline deadline = TimeLimits.Deadline.in(Duration.ofSeconds(2));
 * CompletableFuture<Receipt> receipt = TimeLimits.beforeDeadline(deadline, () -> prices.price(sku),
 *                 () -> new TimeoutException("price"), executor)
 *         .thenCompose(price -> TimeLimits.beforeDeadline(deadline, () -> payments.charge(price),
 *                 () -> new TimeoutException("charge"), executor));
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
     * The call, failed with {@code timedOut} unless it answers within {@code timeout}: {@code executor} then
     * cancels it, and only after that fails the returned future. Cancelling the returned future cancels the
     * call and its timer. The answer completes the returned future on the thread that brings it.
     *
     * @param call starts the call and returns its own future
     * @param timeout positive
     * @param timedOut the exception for a call still unanswered when the timeout fires
     * @param executor where a late call is cancelled and its timeout made: not the JDK's delay thread, which
     *     every timer of the JVM shares
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static <T> CompletableFuture<T> withTimeout(Supplier<? extends CompletableFuture<T>> call,
            Duration timeout, Supplier<? extends Throwable> timedOut, Executor executor) {
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        CompletableFuture<T> started = call.get();
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean late = new AtomicBoolean();
        // completeOnTimeout, not delayedExecutor: cancelling the timer removes it from the JDK's delay queue.
        CompletableFuture<Void> timer = new CompletableFuture<Void>()
                .completeOnTimeout(null, TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
        timer.thenRunAsync(() -> {
            late.set(true);
            started.cancel(true); // before the timeout is heard of: nothing late keeps running
            result.completeExceptionally(timedOut.get());
        }, executor);
        started.whenComplete((value, error) -> {
            timer.cancel(true);
            if (late.get()) {
                return; // cancelled by the timer: the timeout is the outcome
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(unwrap(error));
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                timer.cancel(true);
                started.cancel(true);
            }
        });
        return result;
    }

    /**
     * A step of an operation bound by {@code deadline}: one due once the deadline has passed fails with
     * {@code passed} without being called; otherwise it runs {@link #withTimeout} what is left of the
     * deadline.
     */
    public static <T> CompletableFuture<T> beforeDeadline(Deadline deadline,
            Supplier<? extends CompletableFuture<T>> step, Supplier<? extends Throwable> passed, Executor executor) {
        Duration left = deadline.remaining();
        if (!left.isPositive()) {
            return CompletableFuture.failedFuture(passed.get());
        }
        return withTimeout(step, left, passed, executor);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
