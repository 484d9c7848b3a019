package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A hedged call: the call, and the same call once more if no answer has come within {@code hedgeAfter}; the
 * first success wins, the other request (or the hedge still waiting for its delay) is cancelled before the
 * value is delivered, and a failure only loses.
 *
 * <p>The trap it avoids: a hedge scheduled as a bare timer task outlives its caller (nothing cancels the task,
 * and a cancelled one stays queued unless the scheduler removes it), and a hedge whose request goes out on
 * the timer's thread just as the first answer arrives can be left running, its handle not yet known when the
 * winner is delivered. Here the delay is a request like the others, cancelled with them, and each request
 * starts under the hedge's lock, so an answer arriving meanwhile waits for its handle.
 *
 * <p>What it needs from the client: the call is idempotent (it may be made twice), and cancelling it cancels
 * it.
 *
 * {@snippet :
 * Call.Cancellable pricing = Hedge.hedged(prices.price(sku), Duration.ofMillis(50),
 *                 failures -> new PriceUnavailableException(sku, failures), scheduler)
 *         .start(Call.Callback.of(this::show, this::showFailure));
 * }
 */
public final class Hedge {

    private Hedge() {}

    /**
     * A call that makes {@code call} on the thread that starts it, and again on {@code scheduler}'s thread
     * after {@code hedgeAfter} unless an answer has come or it was cancelled; it answers on the thread that
     * brings the first value. A first request that fails early does not hasten the hedge: it still waits for
     * its delay.
     *
     * @param hedgeAfter how long the first request may take before the hedge is sent; positive
     * @param allFailed the exception to fail with once both requests have failed, from their failures
     * @param scheduler sends the hedge; its task is cancelled once not needed, so that a
     *     {@link java.util.concurrent.ScheduledThreadPoolExecutor} should remove cancelled tasks
     *     ({@code setRemoveOnCancelPolicy(true)}) rather than keep each until its delay runs out
     * @throws IllegalArgumentException if {@code hedgeAfter} is not positive
     */
    public static <T> Call<T> hedged(Call<T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends Throwable> allFailed, ScheduledExecutorService scheduler) {
        if (!hedgeAfter.isPositive()) {
            throw new IllegalArgumentException("hedge delay must be positive, got " + hedgeAfter);
        }
        long delay = TimeUnit.NANOSECONDS.convert(hedgeAfter);
        return callback -> new Hedging<>(call, allFailed, callback).start(delay, scheduler);
    }

    /** One hedged call: the requests made so far and the hedge's delay, the failures, whether it is over. */
    private static final class Hedging<T> implements Cancellable {

        private final Call<T> call;
        private final Function<? super List<Throwable>, ? extends Throwable> allFailed;
        private final Callback<T> callback;
        private final List<Cancellable> started = new ArrayList<>();
        private final List<Throwable> failures = new ArrayList<>();
        private boolean over;

        Hedging(Call<T> call, Function<? super List<Throwable>, ? extends Throwable> allFailed,
                Callback<T> callback) {
            this.call = call;
            this.allFailed = allFailed;
            this.callback = callback;
        }

        Cancellable start(long delay, ScheduledExecutorService scheduler) {
            send();
            synchronized (this) {
                if (!over) {
                    ScheduledFuture<?> hedge = scheduler.schedule(reported(this::send), delay, TimeUnit.NANOSECONDS);
                    started.add(() -> hedge.cancel(false));
                }
            }
            return this;
        }

        private synchronized void send() {
            if (!over) {
                started.add(call.start(Callback.of(this::won, this::lost)));
            }
        }

        private void won(T value) {
            if (end()) {
                callback.onSuccess(value);
            }
        }

        private void lost(Throwable failure) {
            List<Throwable> both;
            synchronized (this) {
                if (over) {
                    return;
                }
                failures.add(failure);
                if (failures.size() < 2) {
                    return;
                }
                both = List.copyOf(failures);
            }
            if (end()) {
                callback.onFailure(allFailed.apply(both));
            }
        }

        @Override
        public void cancel() {
            end();
        }

        /** Ends it unless it is over: the other request, or the hedge's delay, cancelled before the outcome. */
        private boolean end() {
            List<Cancellable> cancelling;
            synchronized (this) {
                if (over) {
                    return false;
                }
                over = true;
                cancelling = List.copyOf(started);
            }
            cancelling.forEach(Cancellable::cancel);
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
