package dev.asyncref.virtualthreads.structured.patterns;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Time limits for blocking calls, as a {@link StructuredTaskScope}'s own timeout: a timeout for one call
 * ({@link #withTimeout}), and a deadline shared by the steps of an operation ({@link #beforeDeadline}), each step
 * getting what is left of it. A late call is interrupted, and has stopped, before its timeout is thrown.
 *
 * <p>The trap it avoids: waiting for a scope with a limit of one's own ({@code Future.get(timeout)} around it, or
 * a timer that interrupts the owner) stops the waiting, not the forks, which run on, holding whatever they hold;
 * and per-step timeouts that each restart the clock add up to far more than the caller can wait. The scope's
 * timeout ({@code Configuration.withTimeout}) cancels the scope, which interrupts its fork, and {@code close()}
 * waits until it has stopped; {@code join()} then throws {@link StructuredTaskScope.TimeoutException}, the
 * scope's own, which is not {@link java.util.concurrent.TimeoutException}. (JEP 505, a preview API in JDK 25:
 * this package is the only code that uses it.)
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
     * The call's value, forked into a scope that times out after {@code timeout}; then the fork is interrupted,
     * and {@code timedOut} is thrown once it has stopped. Interrupting the caller cancels the scope the same way,
     * and throws {@link InterruptedException}.
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
            // A fork does not inherit the interrupt: the call would start before join() noticed it.
            throw new InterruptedException("not called: the caller was interrupted");
        }
        try (var scope = StructuredTaskScope.open(Joiner.<T>awaitAllSuccessfulOrThrow(),
                config -> config.withTimeout(timeout))) {
            Subtask<? extends T> answer = scope.fork(call);
            scope.join();
            return answer.get();
        } catch (StructuredTaskScope.TimeoutException late) {
            throw timedOut.get(); // after close(): the late call has stopped
        } catch (StructuredTaskScope.FailedException failed) {
            throw rethrown(failed.getCause());
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

    /** The call's own failure: thrown as it is if unchecked; a checked one wrapped, once. */
    private static ExecutionException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new ExecutionException(failure);
    }
}
