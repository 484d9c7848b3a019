package dev.asyncref.workload;

import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one bridge from the primitive async form (a callback plus a cancel handle) to a
 * {@link CompletableFuture}. Hand-written because the JDK has no adapter for it, and because
 * {@code CompletableFuture.cancel} by itself never reaches the work behind a future: this wires it.
 */
public final class CallbackStages {

    private CallbackStages() {}

    /**
     * Starts the call and returns its future: completed with the callback's value, or with its error
     * exactly as given (no wrapper); cancelling the future cancels the call.
     *
     * @param start starts the call with the given callback and returns its cancel handle
     */
    public static <T> CompletableFuture<T> toFuture(Function<Callback<T>, Cancellable> start) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Cancellable call = start.apply(Callback.of(future::complete, future::completeExceptionally));
        future.whenComplete((value, error) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        return future;
    }
}
