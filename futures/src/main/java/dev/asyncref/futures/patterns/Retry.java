package dev.asyncref.futures.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries with exponential backoff and jitter: a failure the caller deems retryable is followed by a pause,
 * then the next attempt, up to a number of attempts; the last failure, or one not worth retrying, fails with
 * the caller's exception made from every failure so far. Cancelling the returned future cancels the attempt
 * in flight, or ends the pause, and no attempt follows.
 *
 * <p>The trap it avoids: a retry chained with {@code exceptionallyCompose} cannot be cancelled, since
 * cancelling the last future of the chain reaches neither the call in flight nor the pause's timer; and a
 * cancelled attempt mistaken for a failure would be retried, restarting the very work the caller stopped.
 *
 * <p>What it needs from the client: cancelling the future a call returns cancels the call
 * ({@code Adapters.fromCallback}).
 *
 * {@snippet :
 * CompletableFuture<BigDecimal> price = Retry.retrying(() -> prices.price(sku),
 *         new Retry.Backoff(3, Duration.ofMillis(100), 0.5),
 *         failure -> failure instanceof IOException,
 *         failures -> new PriceUnavailableException(sku, failures), executor);
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
     * Makes the first attempt on the calling thread; each retry starts on {@code executor} when its pause
     * ends. Completes on the thread that brings the last attempt's outcome.
     *
     * @param call starts one attempt and returns that attempt's own future
     * @param retryable whether a failure is worth another attempt
     * @param failedAfter the exception to fail with, from every attempt's failure in order
     * @param executor where each retry starts: not the JDK's delay thread, which every timer of the JVM shares
     */
    public static <T> CompletableFuture<T> retrying(Supplier<? extends CompletableFuture<T>> call,
            Backoff backoff, Predicate<? super Throwable> retryable,
            Function<? super List<Throwable>, ? extends Throwable> failedAfter, Executor executor) {
        Attempts<T> attempts = new Attempts<>(call, backoff, retryable, failedAfter, executor);
        attempts.result.whenComplete((value, error) -> {
            if (attempts.result.isCancelled()) {
                attempts.cancel();
            }
        });
        attempts.next(1);
        return attempts.result;
    }

    /** One retrying call: the result, every failure so far, and what is in flight (an attempt or a pause). */
    private static final class Attempts<T> {

        private final Supplier<? extends CompletableFuture<T>> call;
        private final Backoff backoff;
        private final Predicate<? super Throwable> retryable;
        private final Function<? super List<Throwable>, ? extends Throwable> failedAfter;
        private final Executor executor;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final List<Throwable> failures = new ArrayList<>();
        private CompletableFuture<?> inFlight;
        private boolean cancelled;

        Attempts(Supplier<? extends CompletableFuture<T>> call, Backoff backoff,
                Predicate<? super Throwable> retryable,
                Function<? super List<Throwable>, ? extends Throwable> failedAfter, Executor executor) {
            this.call = call;
            this.backoff = backoff;
            this.retryable = retryable;
            this.failedAfter = failedAfter;
            this.executor = executor;
        }

        /** Makes attempt {@code attempt} (from 1), unless the caller has cancelled. */
        void next(int attempt) {
            CompletableFuture<T> started;
            synchronized (this) {
                if (cancelled) {
                    return; // the caller cancelled as the pause before this attempt ended
                }
                try {
                    started = call.get();
                } catch (RuntimeException failure) {
                    started = CompletableFuture.failedFuture(failure);
                }
                inFlight = started;
            }
            started.whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                    return;
                }
                Throwable failure = unwrap(error);
                List<Throwable> all = record(failure);
                if (attempt == backoff.attempts() || !retryable.test(failure)) {
                    result.completeExceptionally(failedAfter.apply(all));
                    return;
                }
                retry(attempt);
            });
        }

        /** Pauses before retry {@code retry} (from 1), then makes it, unless the caller has cancelled. */
        private void retry(int retry) {
            CompletableFuture<Void> pause;
            synchronized (this) {
                if (cancelled) {
                    return; // a cancelled attempt is not retried, nor paused for: a pause would leave its timer behind
                }
                // completeOnTimeout, not delayedExecutor: cancelling the pause removes its timer.
                pause = new CompletableFuture<Void>().completeOnTimeout(null,
                        TimeUnit.NANOSECONDS.convert(backoff.pauseBefore(retry)), TimeUnit.NANOSECONDS);
                inFlight = pause;
            }
            pause.thenRunAsync(() -> next(retry + 1), executor);
        }

        private synchronized List<Throwable> record(Throwable failure) {
            failures.add(failure);
            return List.copyOf(failures);
        }

        void cancel() {
            CompletableFuture<?> stopping;
            synchronized (this) {
                cancelled = true;
                stopping = inFlight;
            }
            if (stopping != null) {
                stopping.cancel(true);
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
