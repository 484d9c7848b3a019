package dev.asyncref.futures.patterns;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The first success among alternatives started together: a failure only loses, the losers are cancelled
 * before the winner's value is delivered, and once every alternative has failed, the caller's exception
 * carries every failure.
 *
 * <p>The trap it avoids: {@code CompletableFuture.anyOf} completes with the first <em>completion</em>, so a
 * quick failure wins the race, and it cancels nothing; nor does cancelling a future derived from a call's
 * future ever reach the call. This helper keeps each call's own future and cancels it: the losers' when one
 * wins, and all of them when the caller cancels the returned future.
 *
 * <p>What it needs from the client: cancelling the future a call returns cancels the call. A callback client
 * gets that from {@code Adapters.fromCallback}; a future that ignores {@code cancel} (one made by
 * {@code supplyAsync}, say) leaves its loser running.
 *
 * {@snippet :
 * CompletableFuture<BigDecimal> price = FirstSuccess.firstSuccess(
 *         List.of(() -> europe.price(sku), () -> america.price(sku)),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class FirstSuccess {

    private FirstSuccess() {}

    /**
     * Starts every alternative, in order, on the calling thread, and completes on the thread that brings the
     * first value, once every other call has been cancelled.
     *
     * @param alternatives each starts one call and returns that call's own future
     * @param allFailed the exception to fail with once all have failed, made from their failures in the order
     *     they failed
     * @throws IllegalArgumentException if there is no alternative
     */
    public static <T> CompletableFuture<T> firstSuccess(
            List<? extends Supplier<? extends CompletableFuture<T>>> alternatives,
            Function<? super List<Throwable>, ? extends Throwable> allFailed) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives to race");
        }
        List<CompletableFuture<T>> calls = new ArrayList<>();
        alternatives.forEach(alternative -> calls.add(started(alternative)));
        CompletableFuture<T> first = new CompletableFuture<>();
        first.whenComplete((value, error) -> {
            if (first.isCancelled()) {
                calls.forEach(call -> call.cancel(true));
            }
        });
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger lost = new AtomicInteger();
        for (CompletableFuture<T> call : calls) {
            call.whenComplete((value, error) -> {
                if (error == null) {
                    // The losers; the winner among them has answered, and cancelling it does nothing.
                    calls.forEach(other -> other.cancel(true));
                    first.complete(value);
                } else {
                    failures.add(unwrap(error));
                    if (lost.incrementAndGet() == calls.size() && !first.isDone()) {
                        first.completeExceptionally(allFailed.apply(List.copyOf(failures)));
                    }
                }
            });
        }
        return first;
    }

    /** The alternative's call, or, if starting it threw, a failed one: it loses like any other failure. */
    private static <T> CompletableFuture<T> started(Supplier<? extends CompletableFuture<T>> alternative) {
        try {
            return alternative.get();
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
