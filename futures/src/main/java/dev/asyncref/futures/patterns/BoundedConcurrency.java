package dev.asyncref.futures.patterns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One call per item with at most {@code limit} in flight, the results in the items' order:
 * {@link #inOrder} fails fast (the first failure cancels the calls in flight, starts no more, and is
 * delivered after them), {@link #inOrderCollectingAll} turns each failure into that item's result and stops
 * nothing. Cancelling the returned future cancels the calls in flight and starts no more.
 *
 * <p>The trap it avoids: {@code allOf} over futures already started bounds nothing, and an executor with
 * {@code limit} threads bounds threads, not asynchronous calls, which hold no thread while they wait; and
 * {@code allOf} waits for every call even after one has failed.
 *
 * <p>What it needs from the client: cancelling the future a call returns cancels the call
 * ({@code Adapters.fromCallback}).
 *
 * {@snippet :
 * CompletableFuture<List<BigDecimal>> prices = BoundedConcurrency.inOrder(skus, 4, prices::price);
 * }
 */
public final class BoundedConcurrency {

    private BoundedConcurrency() {}

    /**
     * Starts the first {@code limit} calls on the calling thread, each later one on the thread that brought
     * the answer before it; completes with every value in the items' order, or the first failure as soon as
     * it happens.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static <I, O> CompletableFuture<List<O>> inOrder(List<I> items, int limit,
            Function<? super I, ? extends CompletableFuture<O>> call) {
        return new Batch<I, O>(items, limit, call, null).start();
    }

    /**
     * As {@link #inOrder}, but a failed call's result is {@code onFailure} of its item and its failure, and
     * nothing stops the batch but the caller's cancel.
     */
    public static <I, O> CompletableFuture<List<O>> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends CompletableFuture<O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) {
        return new Batch<I, O>(items, limit, call, onFailure).start();
    }

    /** One batch: its result, a slot per item, and the calls in flight. */
    private static final class Batch<I, O> {

        private final List<I> items;
        private final int limit;
        private final Function<? super I, ? extends CompletableFuture<O>> call;
        private final BiFunction<? super I, ? super Throwable, ? extends O> onFailure;
        private final AtomicReferenceArray<O> slots;
        private final CompletableFuture<List<O>> result = new CompletableFuture<>();
        private final List<CompletableFuture<O>> inFlight = new ArrayList<>();
        // Passes of fill() asked for while one runs: a call answered at once asks from inside the pass, and
        // the pass loops instead of recursing, so that a thousand cached answers do not overflow the stack.
        private final AtomicInteger passes = new AtomicInteger();
        private int next;
        private int filled;
        private boolean ended;

        Batch(List<I> items, int limit, Function<? super I, ? extends CompletableFuture<O>> call,
                BiFunction<? super I, ? super Throwable, ? extends O> onFailure) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
            this.items = List.copyOf(items);
            this.limit = limit;
            this.call = call;
            this.onFailure = onFailure;
            this.slots = new AtomicReferenceArray<>(items.size());
        }

        CompletableFuture<List<O>> start() {
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    end();
                }
            });
            if (items.isEmpty()) {
                result.complete(List.of());
            }
            fill();
            return result;
        }

        /** Starts calls for the next items until {@code limit} are in flight or none is left. */
        private void fill() {
            if (passes.getAndIncrement() != 0) {
                return;
            }
            do {
                for (;;) {
                    int position;
                    CompletableFuture<O> started;
                    synchronized (this) {
                        if (ended || next == items.size() || inFlight.size() == limit) {
                            break;
                        }
                        position = next++;
                        started = callFor(items.get(position));
                        inFlight.add(started);
                    }
                    started.whenComplete((value, error) -> answered(position, started, value, error));
                }
            } while (passes.decrementAndGet() != 0);
        }

        private CompletableFuture<O> callFor(I item) {
            try {
                return call.apply(item);
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        private void answered(int position, CompletableFuture<O> call, O value, Throwable error) {
            synchronized (this) {
                if (ended) {
                    return; // a call cancelled because the batch ended: its failure is nobody's
                }
            }
            if (error != null && onFailure == null) {
                end(); // the calls still in flight, cancelled before the failure is delivered
                result.completeExceptionally(unwrap(error));
                return;
            }
            slots.set(position, error == null ? value : onFailure.apply(items.get(position), unwrap(error)));
            boolean last;
            synchronized (this) {
                inFlight.remove(call);
                last = ++filled == items.size();
            }
            if (last) {
                List<O> values = new ArrayList<>(slots.length());
                for (int i = 0; i < slots.length(); i++) {
                    values.add(slots.get(i));
                }
                result.complete(Collections.unmodifiableList(values));
            } else {
                fill();
            }
        }

        /** No call starts from now on, and every call in flight is cancelled. */
        private void end() {
            List<CompletableFuture<O>> cancelling;
            synchronized (this) {
                ended = true;
                cancelling = List.copyOf(inFlight);
            }
            cancelling.forEach(call -> call.cancel(true));
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
