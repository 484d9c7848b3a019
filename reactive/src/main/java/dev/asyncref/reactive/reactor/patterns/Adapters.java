package dev.asyncref.reactive.reactor.patterns;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A callback client or a {@link CompletableFuture} client brought into Reactor with cancellation intact: each
 * subscription makes one call, and cancelling the subscription cancels it. Every other helper here relies on
 * that to stop losers, late calls and retries.
 *
 * <p>The trap it avoids: {@code Mono.fromFuture(supplier, true)} suppresses cancellation: the Mono is cancelled,
 * the call behind it runs on, and a failure it meets then is dropped to {@code Hooks.onErrorDropped}, which logs
 * it at ERROR; {@code Mono.fromFuture(future)} takes a future already started, so the call is made when the Mono
 * is built, once, however many times it is subscribed. A {@code Mono.create} whose cancel handle is handed to
 * the sink only once the call has started reaches a cancel made meanwhile too late: see {@link #fromCallback}.
 *
 * {@snippet :
 * Mono<BigDecimal> price = Adapters.fromCallback(callback -> {
 *     PriceRequest request = client.price(sku, callback::onSuccess, callback::onFailure);
 *     return request::abort;
 * });
 * Mono<BigDecimal> quoted = Adapters.fromFuture(() -> asyncClient.price(sku)); // a CompletableFuture client
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
     * Starts the call on the subscribing thread, each time the Mono is subscribed, and signals on the thread that
     * calls back, with the value or the failure exactly as given (no wrapper; a {@code null} value completes
     * empty); cancelling the subscription cancels the call. A cancel made while the call is being started (a
     * race's winner on one thread, a hedge being sent on another) waits until it has started, then cancels it,
     * before the canceller's signal travels on. A failure that comes after the cancel reaches nobody: the
     * cancelled sink lets it go, never to {@code Hooks.onErrorDropped}.
     *
     * @param start starts the call with the given callback and returns its cancel handle
     */
    public static <T> Mono<T> fromCallback(Function<Callback<T>, Cancellable> start) {
        return Mono.create(sink -> {
            Starting call = new Starting();
            // Before the call starts, not after: see Starting.
            sink.onCancel(call::cancel);
            call.start(() -> start.apply(new Callback<>() {
                @Override
                public void onSuccess(T value) {
                    sink.success(value);
                }

                @Override
                public void onFailure(Throwable failure) {
                    sink.error(failure);
                }
            }));
        });
    }

    /**
     * The future {@code supplier} returns, asked for each time the Mono is subscribed; cancelling the
     * subscription cancels that future ({@code future.cancel(true)}). The client's own future, never one derived
     * from it with {@code thenApply}, whose cancel would not reach the call. A failure arrives unwrapped from
     * {@link java.util.concurrent.CompletionException}. One that crosses the cancel (the future failing just as
     * it is cancelled) goes to {@code Hooks.onErrorDropped}, Reactor's {@code fromFuture} keeping that trace of
     * it; {@link #fromCallback} lets such a failure go.
     */
    public static <T> Mono<T> fromFuture(Supplier<? extends CompletableFuture<? extends T>> supplier) {
        // false: the cancel is not suppressed, so it reaches the future, and through it the call.
        return Mono.fromFuture(supplier, false);
    }

    /**
     * A call's handle while the call is being started: a cancel before the start means no call at all; one
     * during it waits the few moments until the call has started, then cancels it.
     */
    private static final class Starting {

        private Cancellable call;
        private boolean cancelled;

        synchronized void start(Supplier<Cancellable> start) {
            if (!cancelled && call == null) {
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
