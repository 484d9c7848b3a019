package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Retries with exponential backoff and jitter: a failure the caller deems retryable is followed by a pause,
 * then the next attempt, up to a number of attempts; the last failure, or one not worth retrying, fails with
 * the caller's exception made from every failure so far. Cancelling cancels the attempt in flight, or ends the
 * pause, and no attempt follows.
 *
 * <p>The trap it avoids: a retry scheduled from the failed attempt's callback as a bare timer task cannot be
 * cancelled (the caller holds the first attempt's handle, long answered), so the retries go on for nobody;
 * and a cancelled attempt whose client reports the cancel as a failure would be retried, restarting the very
 * work the caller stopped. Hand-written because plain Java has no retry tool: production code takes one from
 * a library (Resilience4j, Failsafe) whose retries accept the same predicate and backoff.
 *
 * <p>What it needs from the client: cancelling a call cancels it.
 *
 * {@snippet :
 * Call.Cancellable pricing = Retry.retrying(prices.price(sku),
 *                 new Retry.Backoff(3, Duration.ofMillis(100), 0.5),
 *                 failure -> failure instanceof IOException,
 *                 failures -> new PriceUnavailableException(sku, failures), scheduler)
 *         .start(Call.Callback.of(this::show, this::showFailure));
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
     * A call that makes the first attempt on the thread that starts it, each retry on {@code scheduler}'s
     * thread when its pause ends, and answers on the thread that brings the last attempt's outcome.
     *
     * @param retryable whether a failure is worth another attempt
     * @param failedAfter the exception to fail with, from every attempt's failure in order
     * @param scheduler starts each retry; its task is cancelled with the retries, so that a
     *     {@link java.util.concurrent.ScheduledThreadPoolExecutor} should remove cancelled tasks
     *     ({@code setRemoveOnCancelPolicy(true)}) rather than keep each until its delay runs out
     */
    public static <T> Call<T> retrying(Call<T> call, Backoff backoff, Predicate<? super Throwable> retryable,
            Function<? super List<Throwable>, ? extends Throwable> failedAfter, ScheduledExecutorService scheduler) {
        return callback -> new Attempts<>(call, backoff, retryable, failedAfter, scheduler, callback).start();
    }

    /** One retried call: every failure so far, what is in flight (an attempt or a pause), whether it is over. */
    private static final class Attempts<T> implements Cancellable {

        private final Call<T> call;
        private final Backoff backoff;
        private final Predicate<? super Throwable> retryable;
        private final Function<? super List<Throwable>, ? extends Throwable> failedAfter;
        private final ScheduledExecutorService scheduler;
        private final Callback<T> callback;
        private final List<Throwable> failures = new ArrayList<>();
        private Cancellable attempt;
        private ScheduledFuture<?> pause;
        private boolean over;

        Attempts(Call<T> call, Backoff backoff, Predicate<? super Throwable> retryable,
                Function<? super List<Throwable>, ? extends Throwable> failedAfter,
                ScheduledExecutorService scheduler, Callback<T> callback) {
            this.call = call;
            this.backoff = backoff;
            this.retryable = retryable;
            this.failedAfter = failedAfter;
            this.scheduler = scheduler;
            this.callback = callback;
        }

        Cancellable start() {
            attempt();
            return this;
        }

        /** Starts an attempt, unless it is over; holding the lock, so that a cancel meanwhile finds its handle. */
        private synchronized void attempt() {
            if (!over) {
                attempt = call.start(Callback.of(this::succeeded, this::failed));
            }
        }

        private void succeeded(T value) {
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
            }
            callback.onSuccess(value);
        }

        private void failed(Throwable failure) {
            boolean worthIt = retryable.test(failure);
            List<Throwable> all;
            synchronized (this) {
                if (over) {
                    return; // cancelled: whatever the attempt says now, nothing follows
                }
                failures.add(failure);
                if (worthIt && failures.size() < backoff.attempts()) {
                    pause = scheduler.schedule(reported(this::attempt),
                            TimeUnit.NANOSECONDS.convert(backoff.pauseBefore(failures.size())), TimeUnit.NANOSECONDS);
                    return;
                }
                over = true;
                all = List.copyOf(failures);
            }
            callback.onFailure(failedAfter.apply(all));
        }

        @Override
        public void cancel() {
            Cancellable stopping;
            ScheduledFuture<?> waiting;
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                stopping = attempt;
                waiting = pause;
            }
            if (waiting != null) {
                waiting.cancel(false);
            }
            stopping.cancel();
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
