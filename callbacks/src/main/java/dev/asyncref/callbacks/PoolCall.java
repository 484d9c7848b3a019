package dev.asyncref.callbacks;

import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * Work on a pool thread (a blocking lookup, a computation) seen as a call like the services': it answers a
 * callback, on the pool thread that did the work, and its handle cancels it. So an operation starts, times
 * and cancels it through its {@link Outcome} like any downstream call.
 *
 * <p>Cancelling interrupts the work if it is running ({@code Future.cancel(true)}): a thread blocked in a
 * legacy client wakes up, and a computation that polls its thread's interrupt stops. Work still queued never
 * runs. Once cancelled, the callback is never called, even if the work was just returning; once the work has
 * ended, cancelling does nothing, so an operation that settles from within the callback, on that very thread,
 * does not interrupt it.
 *
 * <p>Built on {@link FutureTask}, whose {@code done()} hook runs exactly once, after the outcome is decided,
 * which is all a callback needs. The JDK's other option, {@code CompletableFuture.supplyAsync}, cannot
 * interrupt its work: its {@code cancel} only completes the future.
 */
final class PoolCall<V> implements Runnable, Cancellable {

    private final FutureTask<V> task;

    PoolCall(Callable<V> work, Callback<? super V> callback) {
        this.task = new FutureTask<>(work) {
            @Override
            protected void done() {
                switch (state()) {
                    case SUCCESS -> callback.onSuccess(resultNow());
                    case FAILED -> callback.onFailure(exceptionNow());
                    default -> { } // cancelled: never answers, as a cancelled service call
                }
            }
        };
    }

    @Override
    public void run() {
        task.run();
    }

    @Override
    public boolean cancel() {
        return task.cancel(true);
    }
}
