package dev.asyncref.reactive.rxjava.patterns;

import io.reactivex.rxjava3.core.Single;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A callback or {@code CompletableFuture} client brought into RxJava with cancellation intact: each
 * subscription makes one call, and disposing it cancels the call. Every other helper here relies on that to
 * stop losers, late calls and retries.
 *
 * <p>The trap it avoids: {@code Single.fromCompletionStage(future)} only detaches from the future when
 * disposed, and {@code Single.fromFuture(future)} (since RxJava 3) does not cancel it either, and blocks the
 * subscribing thread until the answer; both take a future already running, so that a retry or a hedge
 * resubscribes to the same call instead of making another. A loser adapted either way runs on. And
 * {@code Single.create} with {@code onError} hands a failure that arrives as the subscriber disposes to
 * {@code RxJavaPlugins.onError} as undeliverable; {@code tryOnError} drops it, as nobody is left to tell.
 *
 * <p>What it needs from the client: a way to cancel a call in flight ({@link Cancellable}, or
 * {@code CompletableFuture.cancel} reaching the call: many HTTP clients' futures do, a {@code supplyAsync}
 * wrapper does not); and the client's own future, never one derived from it with {@code thenApply}, whose
 * cancel would not reach the call.
 *
 * {@snippet :
 * Single<BigDecimal> price = Adapters.fromFuture(() -> client.price(sku)); // CompletableFuture<BigDecimal>
 * Single<BigDecimal> quoted = Adapters.fromCallback(callback -> {
 *     PriceRequest request = legacy.price(sku, callback::onSuccess, callback::onFailure);
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

    /** Stops a call in flight; does nothing once it has answered, when {@code Single.create} calls it too. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }

    /**
     * Starts the call on the subscribing thread, once per subscription, and signals on the thread that calls
     * back, with the value or the failure exactly as given (no wrapper); disposing cancels the call, and a
     * dispose before the call has started means no call.
     *
     * @param start starts the call with the given callback and returns its cancel handle
     */
    public static <T> Single<T> fromCallback(Function<Callback<T>, Cancellable> start) {
        return Single.create(emitter -> {
            Starting call = new Starting();
            // Before the call starts, not after: see Starting.
            emitter.setCancellable(call::cancel);
            call.start(() -> start.apply(new Callback<>() {
                @Override
                public void onSuccess(T value) {
                    emitter.onSuccess(value);
                }

                @Override
                public void onFailure(Throwable failure) {
                    emitter.tryOnError(failure);
                }
            }));
        });
    }

    /**
     * Calls {@code call} on the subscribing thread, once per subscription, and signals its future's outcome on
     * the thread that completes it, a failure without the {@link CompletionException} a derived future adds;
     * disposing cancels the future ({@code cancel(true)}). A future completed with {@code null} fails with a
     * {@code NullPointerException}: a {@code Single} carries no null.
     *
     * @param call makes the call and returns the client's own future
     */
    public static <T> Single<T> fromFuture(Supplier<? extends CompletableFuture<T>> call) {
        return Single.create(emitter -> {
            CompletableFuture<T> future = call.get();
            emitter.setCancellable(() -> future.cancel(true));
            future.whenComplete((value, failure) -> {
                if (failure == null) {
                    emitter.onSuccess(value);
                } else {
                    emitter.tryOnError(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure);
                }
            });
        });
    }

    /**
     * A call's handle while the call is being started. A call can be subscribed on one thread (a hedge, on its
     * timer's) while another disposes it (a race's winner, about to deliver its answer). Handed to the emitter
     * only once the call has started, the handle would reach a dispose made meanwhile too late: the call would
     * be cancelled after the winner's answer had travelled on. Here that dispose waits the few moments until
     * the call has started, then cancels it; a dispose before the start means no call at all.
     */
    private static final class Starting {

        private Cancellable call;
        private boolean cancelled;

        synchronized void start(Supplier<Cancellable> start) {
            if (!cancelled) {
                call = start.get();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (call != null) {
                call.cancel();
            }
        }
    }
}
