package dev.asyncref.callbacks;

import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Hand-written because plain callbacks have no library by definition: this is what futures and reactive
 * types do for you.
 */
final class Outcome<T> implements Cancellable {

    private final Callback<? super T> listener;
    private final Object lock = new Object();
    private boolean settled; // delivered or cancelled; guarded by lock
    private final Queue<Cancellable> calls = new ConcurrentLinkedQueue<>();

    Outcome(Callback<? super T> listener) {
        this.listener = listener;
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
            listener.onSuccess(value);
            return true;
        }
        return false;
    }

    /** Cancels the calls still in flight, then reports the failure: the first failure wins. */
    void fail(Throwable error) {
        if (settle()) {
            listener.onFailure(error);
        }
    }

    /** Cancels the operation: its calls in flight are cancelled and the listener is never called. */
    @Override
    public boolean cancel() {
        return settle();
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
