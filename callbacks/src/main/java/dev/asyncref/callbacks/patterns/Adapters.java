package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Clients brought in as {@link Call}s with cancellation intact: a callback client that may break the promises
 * of a call ({@link #fromCallback}), and a {@code CompletableFuture} client ({@link #fromFuture}), whose
 * future cancelling a call cancels. Every other helper here relies on that to stop losers, late calls and
 * retries.
 *
 * <p>The trap it avoids: a callback called twice or never. A client's cancel races its answer, so the answer
 * may still come once the cancel has returned, and a client may answer twice or throw from its start instead
 * of answering; an adapter of a future that forgets to cancel it leaves the call running, and an exception
 * the callback throws inside {@code whenComplete} is kept in a future nobody reads, and lost.
 *
 * <p>What it needs from the client: cancelling cancels the work. An adapter can keep a late answer from the
 * callback, but only the client can stop the request: a future made by {@code supplyAsync}, or derived with
 * {@code thenApply}, only completes as cancelled and leaves the work running.
 *
 * {@snippet :
 * Call<BigDecimal> price = Adapters.fromCallback(callback -> {
 *     PriceRequest request = client.price(sku, callback::onSuccess, callback::onFailure);
 *     return request::abort;
 * });
 * Call<BigDecimal> quoted = Adapters.fromFuture(() -> httpPrices.price(sku)); // its future cancels the request
 * }
 */
public final class Adapters {

    private Adapters() {}

    /**
     * The client's call, keeping every promise of a {@link Call} whatever the client does: the callback hears
     * at most one answer, and none once cancelled (a late answer, a second one are dropped); the client's
     * cancel is called at most once, and not once the call has answered; a {@code start} that throws is the
     * call's failure, heard on the thread that started it.
     *
     * @param start starts the client's call with the given callback and returns its cancel handle
     */
    public static <T> Call<T> fromCallback(Call<T> start) {
        return callback -> {
            AtomicBoolean over = new AtomicBoolean();
            Cancellable call;
            try {
                call = start.start(Callback.of(
                        value -> {
                            if (over.compareAndSet(false, true)) {
                                callback.onSuccess(value);
                            }
                        },
                        failure -> {
                            if (over.compareAndSet(false, true)) {
                                callback.onFailure(failure);
                            }
                        }));
            } catch (RuntimeException failure) {
                if (!over.compareAndSet(false, true)) {
                    throw failure; // the caller's own callback threw, from an answer at hand: theirs to hear
                }
                callback.onFailure(failure);
                return () -> {};
            }
            return () -> {
                if (over.compareAndSet(false, true)) {
                    call.cancel();
                }
            };
        };
    }

    /**
     * A call of a {@code CompletableFuture} client: each start gets a future from {@code supplier}; its value,
     * or its failure unwrapped from any {@code CompletionException}, is heard on the thread that completes it.
     * Cancelling cancels the future ({@code cancel(true)}), and the callback is then never called, not even with
     * the {@code CancellationException} the future completes with. An exception the callback throws reaches
     * that thread's uncaught-exception handler. A {@code supplier} that throws is the call's failure.
     *
     * @param supplier the client's own future, whose cancel reaches the request (many HTTP clients' do)
     */
    public static <T> Call<T> fromFuture(Supplier<? extends CompletableFuture<T>> supplier) {
        return callback -> {
            AtomicBoolean over = new AtomicBoolean();
            CompletableFuture<T> future;
            try {
                future = supplier.get();
            } catch (RuntimeException failure) {
                callback.onFailure(failure);
                return () -> {};
            }
            future.whenComplete((value, error) -> {
                if (!over.compareAndSet(false, true)) {
                    return;
                }
                try {
                    if (error == null) {
                        callback.onSuccess(value);
                    } else {
                        callback.onFailure(unwrap(error));
                    }
                } catch (RuntimeException | Error failure) {
                    Thread thread = Thread.currentThread();
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
                }
            });
            return () -> {
                if (over.compareAndSet(false, true)) {
                    future.cancel(true);
                }
            };
        };
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
