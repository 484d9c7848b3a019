package dev.asyncref.callbacks;

import dev.asyncref.context.OperationLog;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The outcome of one operation in callback style: it reaches the listener exactly once, and it starts and
 * owns the downstream calls and timers of the operation, so that ending (early by a failure, a timeout or
 * cancellation, or with the result) cancels whatever is still pending.
 *
 * <p>Starting a call and settling exclude each other: a call is either started before the outcome settles,
 * and then cancelled before it is delivered, or never started. Without that, an answer arriving while
 * another call is being started (a race's fast runner as the hedge goes out) would be delivered with that
 * call still in flight, its handle not yet here to cancel. The lock is held only while a call starts,
 * which never blocks: an answer that settles meanwhile waits for that long.
 *
 * <p>It also holds the request's MDC ({@link RequestMdc}): each callback and task of the operation is made
 * here ({@link #callback}, {@link #task}) so that it runs under that MDC, and so do the cancel and its
 * give-backs, whichever thread the caller cancels from. Settling writes the operation's end line
 * ({@link OperationLog}) on the settling thread, under that MDC, before the listener hears the outcome.
 *
 * <p>Hand-written because plain callbacks have no library by definition: this is what futures and reactive
 * types do for you.
 */
final class Outcome<T> implements Cancellable {

    private final RequestMdc context;
    private final Callback<? super T> listener;
    private final Object lock = new Object();
    private boolean settled; // delivered or cancelled; guarded by lock
    private final Queue<Cancellable> calls = new ConcurrentLinkedQueue<>();

    Outcome(RequestMdc context, Callback<? super T> listener) {
        this.context = context;
        this.listener = listener;
    }

    /** A callback for one of the operation's downstream calls, run under the request's MDC. */
    <V> Callback<V> callback(Consumer<? super V> onSuccess, Consumer<? super Throwable> onFailure) {
        return context.callback(onSuccess, onFailure);
    }

    /** A timer or pool task of the operation, run under the request's MDC. */
    Runnable task(Runnable task) {
        return context.wrap(task);
    }

    /**
     * Starts a call or timer and keeps its cancel handle, unless the outcome has settled: then nothing
     * starts.
     *
     * @return whether it started
     */
    boolean start(Supplier<Cancellable> call) {
        synchronized (lock) {
            if (settled) {
                return false;
            }
            calls.add(call.get());
            return true;
        }
    }

    /**
     * Cancels the calls still in flight (a race's losers), then reports the value.
     *
     * @return {@code false} if the outcome was settled already (the caller cancelled): the value reaches no
     *     one, and whatever it holds is the caller of this method's to give back
     */
    boolean succeed(T value) {
        if (settle()) {
            OperationLog.succeeded();
            listener.onSuccess(value);
            return true;
        }
        return false;
    }

    /** Cancels the calls still in flight, then reports the failure: the first failure wins. */
    void fail(Throwable error) {
        if (settle()) {
            OperationLog.failed(error);
            listener.onFailure(error);
        }
    }

    /**
     * Cancels the operation: its calls in flight are cancelled and the listener is never called. Under the
     * request's MDC, as the cancel may start give-backs, and the caller may cancel from any thread.
     */
    @Override
    public boolean cancel() {
        return context.call(this::settle);
    }

    private boolean settle() {
        synchronized (lock) {
            if (settled) {
                return false;
            }
            settled = true;
        }
        // Outside the lock: every call started is in the queue by now, and none can be added.
        calls.forEach(Cancellable::cancel);
        return true;
    }
}
