package dev.asyncref.virtualthreads.patterns;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Time limits for blocking calls: a timeout for one call ({@link #withTimeout}), and a deadline shared by the
 * steps of an operation ({@link #beforeDeadline}), each step getting what is left of it. A late call is
 * interrupted, and has stopped, before its timeout is thrown.
 *
 * <p>The trap it avoids: {@code Future.get(timeout)} only stops the waiting: the task behind it runs on, holding
 * whatever it holds, unless it is cancelled, and even then it may still be running when the caller moves on;
 * and per-step timeouts that each restart the clock add up to far more than the caller can wait. A blocking call
 * cannot time itself out, so it runs on a virtual thread of its own while the caller waits with the limit;
 * then the call is interrupted, and closing its executor waits until it has stopped.
 *
 * <p>What it needs from the client: an interrupt cancels the call (it stops the call and throws
 * {@link InterruptedException}). A call that swallows the interrupt runs to its end, and the timeout waits for it.
 *
 * {@snippet :
 * TimeLimits.Deadline deadline = TimeLimits.Deadline.in(Duration.ofSeconds(2));
 * BigDecimal price = TimeLimits.beforeDeadline(deadline, () -> prices.price(sku),
 *         () -> new TimeoutException("price"));
 * Receipt receipt = TimeLimits.beforeDeadline(deadline, () -> payments.charge(price),
 *         () -> new TimeoutException("charge"));
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
     * The call's value, made on a virtual thread of its own while the caller waits for it at most
     * {@code timeout}; then it is interrupted, and {@code timedOut} is thrown once it has stopped. Interrupting
     * the caller interrupts the call the same way, and throws {@link InterruptedException}.
     *
     * @param timeout positive
     * @param timedOut the exception for a call still unanswered when the timeout passes
     * @throws ExecutionException if the call failed with a checked exception, its cause; an unchecked one is
     *     thrown as it is
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static <T, X extends Exception> T withTimeout(Callable<? extends T> call, Duration timeout,
            Supplier<? extends X> timedOut) throws X, ExecutionException, InterruptedException {
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (Thread.interrupted()) {
            // A new thread does not inherit the interrupt: the call would start before get() noticed it.
            throw new InterruptedException("not called: the caller was interrupted");
        }
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T> answer = thread.submit(call::call);
            try {
                // convert, not toNanos: a timeout beyond 292 years saturates instead of overflowing.
                return answer.get(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
            } finally {
                answer.cancel(true); // late, or the caller interrupted: the call is interrupted, close() waits for it
            }
        } catch (TimeoutException late) {
            throw timedOut.get(); // after close(): the late call has stopped
        } catch (ExecutionException failed) {
            throw rethrown(failed);
        }
    }

    /**
     * A step of an operation bound by {@code deadline}: one due once the deadline has passed throws
     * {@code passed} without being called; otherwise it runs {@link #withTimeout} what is left of the deadline.
     */
    public static <T, X extends Exception> T beforeDeadline(Deadline deadline, Callable<? extends T> step,
            Supplier<? extends X> passed) throws X, ExecutionException, InterruptedException {
        Duration left = deadline.remaining();
        if (!left.isPositive()) {
            throw passed.get();
        }
        return withTimeout(step, left, passed);
    }

    /** The call's own failure: thrown as it is if unchecked; a checked one stays wrapped, once. */
    private static ExecutionException rethrown(ExecutionException failed) {
        if (failed.getCause() instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failed.getCause() instanceof Error error) {
            throw error;
        }
        return failed;
    }
}
