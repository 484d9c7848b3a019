package dev.asyncref.callbacks;

import dev.asyncref.callbacks.patterns.Adapters;
import dev.asyncref.callbacks.patterns.Call;
import dev.asyncref.context.OperationLog;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The outcome of one operation in callback style: it reaches the listener exactly once, and it starts and
 * owns the operation's steps (each a {@link Call}: a downstream call, or a pattern of them), so that ending
 * (early by a failure, a timeout or cancellation, or with the result) cancels whatever is still pending.
 *
 * <p>Starting a step and settling exclude each other: a step is either started before the outcome settles,
 * and then cancelled before it is delivered, or never started. Without that, a step started from the answer
 * of the one before, just as the caller cancels, would run on with nobody to cancel it. The lock is held only
 * while a step starts, which never blocks: a settling that comes meanwhile waits for that long.
 *
 * <p>It also holds the request's MDC ({@link RequestMdc}): whatever the operation hands to a pattern (a call,
 * an exception to make) is made here ({@link #call}, {@link #underRequest}), so that it runs under that MDC
 * on whichever thread the pattern uses, its timer's included; and so do the steps' answers, the cancel and its
 * give-backs. Settling writes the operation's end line ({@link OperationLog}) on the settling thread, under
 * that MDC, before the listener hears the outcome.
 *
 * <p>Hand-written because plain callbacks have no library by definition: this is what futures and reactive
 * types do for you.
 */
final class Outcome<T> implements Cancellable {

    private final RequestMdc context;
    private final Callback<? super T> listener;
    private final Object lock = new Object();
    private boolean settled; // delivered or cancelled; guarded by lock
    private final Queue<Call.Cancellable> steps = new ConcurrentLinkedQueue<>();
    private volatile Runnable cancelled = () -> {};

    Outcome(RequestMdc context, Callback<? super T> listener) {
        this.context = context;
        this.listener = listener;
    }

    /** {@link #call(Function, Function, Function)} with the answer as it is. */
    <V> Call<V> call(Function<Callback<V>, Cancellable> start) {
        return call(start, value -> value, failure -> failure);
    }

    /** {@link #call(Function, Function, Function)} for {@code step}: a failure arrives as the step's. */
    <V> Call<V> call(Function<Callback<V>, Cancellable> start, Step step) {
        return call(start, value -> value, step::failed);
    }

    /**
     * A downstream call (or pool work answering a callback, {@link PoolCall}) as a {@link Call} of the
     * patterns, brought in by {@link Adapters#fromCallback}: its start, its answer and its cancel each run
     * under the request's MDC, whichever thread makes them, and its answer arrives as {@code value} of it, or
     * {@code failure} of the error, made there.
     */
    <R, V> Call<V> call(Function<Callback<R>, Cancellable> start, Function<? super R, ? extends V> value,
            Function<? super Throwable, ? extends Throwable> failure) {
        return Adapters.fromCallback(answer -> context.call(() -> {
            Cancellable started = start.apply(context.callback(
                    result -> answer.onSuccess(value.apply(result)),
                    error -> answer.onFailure(failure.apply(error))));
            return () -> context.run(started::cancel);
        }));
    }

    /** {@code made}, run under the request's MDC: an exception made on a timer's thread names the request. */
    <X> Supplier<X> underRequest(Supplier<X> made) {
        return () -> context.call(made);
    }

    /**
     * {@code told}, run under the request's MDC: a give-back's failure that nobody waits for is told on the thread
     * the give-backs end on, which may be a downstream thread that has no MDC, or another request's.
     */
    <X> Consumer<X> underRequest(Consumer<X> told) {
        return value -> context.run(() -> told.accept(value));
    }

    /** A pool task of the operation, run under the request's MDC. */
    Runnable task(Runnable task) {
        return context.wrap(task);
    }

    /**
     * Starts {@code step} as one of the operation's, unless the outcome has settled: then nothing starts. Its
     * value goes to {@code next}, its failure fails the operation.
     */
    <V> void start(Call<V> step, Consumer<? super V> next) {
        start(step, next, this::fail);
    }

    /** {@link #start(Call, Consumer)}, its failure to {@code failed}. Both run under the request's MDC. */
    <V> void start(Call<V> step, Consumer<? super V> next, Consumer<? super Throwable> failed) {
        Call.Callback<V> answer = Call.Callback.of(
                value -> context.run(() -> next.accept(value)),
                failure -> context.run(() -> failed.accept(failure)));
        synchronized (lock) {
            if (!settled) {
                steps.add(step.start(answer));
            }
        }
    }

    /**
     * Cancels the steps still in flight, then reports the value; once the outcome has settled (the caller
     * cancelled), the value reaches no one.
     */
    void succeed(T value) {
        if (settle()) {
            OperationLog.succeeded();
            listener.onSuccess(value);
        }
    }

    /** Cancels the steps still in flight, then reports the failure: the first failure wins. */
    void fail(Throwable error) {
        if (settle()) {
            OperationLog.failed(error);
            listener.onFailure(error);
        }
    }

    /**
     * What a cancel by the caller also does, once the steps in flight are cancelled (give back what was
     * acquired, say); set before the first step starts.
     */
    void onCancel(Runnable then) {
        cancelled = then;
    }

    /**
     * Cancels the operation: its steps in flight are cancelled and the listener is never called. Under the
     * request's MDC, as the cancel may start give-backs, and the caller may cancel from any thread.
     */
    @Override
    public boolean cancel() {
        return context.call(() -> {
            if (!settle()) {
                return false;
            }
            cancelled.run();
            return true;
        });
    }

    private boolean settle() {
        synchronized (lock) {
            if (settled) {
                return false;
            }
            settled = true;
        }
        // Outside the lock: every step started is in the queue by now, and none can be added.
        steps.forEach(Call.Cancellable::cancel);
        return true;
    }
}
