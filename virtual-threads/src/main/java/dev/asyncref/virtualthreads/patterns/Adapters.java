package dev.asyncref.virtualthreads.patterns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A callback client or a {@link CompletableFuture} client brought into blocking code with cancellation intact:
 * the calling thread, a virtual thread, blocks until the answer, and interrupting it cancels the call. Every
 * other helper here relies on that to stop losers, late calls and retries, since an interrupt is how they
 * cancel.
 *
 * <p>The trap it avoids: {@code future.join()} ignores interrupts altogether, and {@code future.get()} stops
 * waiting when interrupted but leaves the call running: either way a cancelled caller's work goes on, and a
 * race's loser runs to its end. Here an interrupt cancels the future ({@code cancel(true)}) or the callback's
 * call. That reaches the work only if the client wires its futures to their calls (many HTTP clients do, a
 * {@code supplyAsync} wrapper does not), which is why {@link #fromFuture} takes a {@code Supplier} of the client's
 * own future, never one derived from it with {@code thenApply}. An answer that came before the cancel could stop
 * the call is returned, the interrupt kept pending, as any blocking call that answered would: a caller that
 * charged a card must learn of it.
 *
 * <p>What it needs from the client: cancelling cancels. A future's {@code cancel} reaches its call; a callback
 * client's cancel stops the call, and once it has returned, no callback follows.
 *
 * {@snippet :
 * BigDecimal price = Adapters.fromFuture(() -> client.price(sku));   // CompletableFuture<BigDecimal> price(String)
 * BigDecimal other = Adapters.fromCallback(callback -> {
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

    /** Stops a call in flight; does nothing once it has answered. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }

    /**
     * Starts the call on the calling thread and blocks it until the callback answers; an interrupt cancels the
     * call and throws {@link InterruptedException}. An interrupted caller starts no call.
     *
     * @param start starts the call with the given callback and returns its cancel handle
     * @throws ExecutionException if the call failed with a checked exception, its cause; an unchecked one is
     *     thrown as it is
     */
    public static <T> T fromCallback(Function<Callback<T>, Cancellable> start)
            throws ExecutionException, InterruptedException {
        notInterrupted();
        CompletableFuture<T> answer = new CompletableFuture<>();
        Cancellable call = start.apply(new Callback<>() {
            @Override
            public void onSuccess(T value) {
                answer.complete(value);
            }

            @Override
            public void onFailure(Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        return awaited(answer, call::cancel);
    }

    /**
     * Starts the call on the calling thread and blocks it until its future completes; an interrupt cancels the
     * future ({@code cancel(true)}) and throws {@link InterruptedException}. An interrupted caller starts no call.
     *
     * @param call starts the call and returns the client's own future for it
     * @throws ExecutionException if the call failed with a checked exception, its cause; an unchecked one is
     *     thrown as it is
     */
    public static <T> T fromFuture(Supplier<? extends CompletableFuture<T>> call)
            throws ExecutionException, InterruptedException {
        notInterrupted();
        CompletableFuture<T> answer = call.get();
        return awaited(answer, () -> answer.cancel(true));
    }

    private static void notInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("not called: the caller was interrupted");
        }
    }

    private static <T> T awaited(CompletableFuture<T> answer, Runnable cancel)
            throws ExecutionException, InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed;
        } catch (InterruptedException interrupted) {
            cancel.run();
            if (answer.state() != Future.State.SUCCESS) {
                throw interrupted;
            }
            // Answered before the cancel could stop it: returned, as a blocking call that answered is, and the
            // interrupt kept for the caller's next wait.
            Thread.currentThread().interrupt();
            return answer.resultNow();
        }
    }
}
