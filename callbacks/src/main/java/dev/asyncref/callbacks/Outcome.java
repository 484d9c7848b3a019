package dev.asyncref.callbacks;

import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of one operation in callback style: it reaches the listener exactly once, and it owns the
 * downstream calls and timers started for the operation, so that ending (early by a failure, a timeout or
 * cancellation, or with the result) cancels whatever is still pending.
 * Hand-written because plain callbacks have no library by definition: this is what futures and reactive
 * types do for you.
 */
final class Outcome<T> implements Cancellable {

    private final Callback<? super T> listener;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Queue<Cancellable> calls = new ConcurrentLinkedQueue<>();

    Outcome(Callback<? super T> listener) {
        this.listener = listener;
    }

    /** Whether the outcome was delivered or cancelled: no further step should start. */
    boolean isSettled() {
        return settled.get();
    }

    /** Keeps a started call or timer; one started while the outcome settled is cancelled at once. */
    void track(Cancellable call) {
        calls.add(call);
        if (settled.get()) {
            call.cancel();
        }
    }

    /**
     * Cancels the calls still in flight (a race's losers), then reports the value.
     *
     * @return {@code false} if the outcome was settled already (the caller cancelled): the value reaches no
     *     one, and whatever it holds is the caller of this method's to give back
     */
    boolean succeed(T value) {
        if (settled.compareAndSet(false, true)) {
            calls.forEach(Cancellable::cancel);
            listener.onSuccess(value);
            return true;
        }
        return false;
    }

    /** Cancels the calls still in flight, then reports the failure: the first failure wins. */
    void fail(Throwable error) {
        if (settled.compareAndSet(false, true)) {
            calls.forEach(Cancellable::cancel);
            listener.onFailure(error);
        }
    }

    /** Cancels the operation: its calls in flight are cancelled and the listener is never called. */
    @Override
    public boolean cancel() {
        if (settled.compareAndSet(false, true)) {
            calls.forEach(Cancellable::cancel);
            return true;
        }
        return false;
    }
}
