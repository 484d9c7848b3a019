package dev.asyncref.futures.patterns;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A callback client brought into futures with cancellation intact: cancelling the returned future cancels the
 * call. Every other helper here relies on that to stop losers, late calls and retries.
 *
 * <p>The trap it avoids: {@code CompletableFuture.cancel} only completes the future it is called on; it never
 * reaches the work behind it. A future made by {@code supplyAsync}, or one completed from a callback without
 * wiring its cancel to the call, lets a cancelled call run on. A client that already returns
 * {@code CompletableFuture}s needs no adapter if its futures cancel their calls (check: many HTTP clients'
 * do, a {@code supplyAsync} wrapper does not); hand the helpers a {@code Supplier} of the client's own future,
 * never of one derived from it with {@code thenApply}, whose cancel would not reach the call.
 *
 * {@snippet :
 * CompletableFuture<BigDecimal> price = Adapters.fromCallback(callback -> {
 *     PriceRequest request = client.price(sku, callback::onSuccess, callback::onFailure);
 *     return request::abort;
 * });
 * }
 */
public final class Adapters {

    private Adapters() {}

    /** The two ends of a callback: exactly one of them is called, once. */
    public interface Callback<T> {
        void onSuccess(T value);

        void onFailure(Throwable failure);
    }

    /** Stops a call in flight; does nothing once it has answered. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }

    /**
     * Starts the call on the calling thread and returns its future, completed on the thread that calls back,
     * with the value or the failure exactly as given (no wrapper); cancelling the future cancels the call.
     *
     * @param start starts the call with the given callback and returns its cancel handle
     */
    public static <T> CompletableFuture<T> fromCallback(Function<Callback<T>, Cancellable> start) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Cancellable call = start.apply(new Callback<>() {
            @Override
            public void onSuccess(T value) {
                future.complete(value);
            }

            @Override
            public void onFailure(Throwable failure) {
                future.completeExceptionally(failure);
            }
        });
        future.whenComplete((value, error) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        return future;
    }
}
