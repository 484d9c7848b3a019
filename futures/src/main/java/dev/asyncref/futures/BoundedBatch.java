package dev.asyncref.futures;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * One call per item with at most {@code limit} in flight: each completion starts the next item not yet
 * started, on the executor. The result holds every value in the items' order, or the first failure as soon
 * as it happens, after which no further call starts.
 *
 * <p>Hand-written because {@code CompletableFuture} has no bounded-concurrency operator: {@code allOf} joins
 * futures that are all running already, and an executor with {@code limit} threads bounds threads, not
 * asynchronous calls, which hold no thread while they wait.
 */
final class BoundedBatch<I, T> {

    private final List<I> items;
    private final Executor executor;
    private final Function<? super I, CompletableFuture<T>> call;
    // Completions run on several threads: slots and counters are atomic, and the thread that fills the last
    // slot sees every slot written before it.
    private final AtomicReferenceArray<T> slots;
    private final AtomicInteger remaining;
    private final AtomicInteger next = new AtomicInteger();
    private final CompletableFuture<List<T>> result = new CompletableFuture<>();

    private BoundedBatch(List<I> items, Executor executor, Function<? super I, CompletableFuture<T>> call) {
        this.items = items;
        this.executor = executor;
        this.call = call;
        this.slots = new AtomicReferenceArray<>(items.size());
        this.remaining = new AtomicInteger(items.size());
    }

    /** Starts the first {@code limit} items on the caller's thread; each later one starts on the executor. */
    static <I, T> CompletableFuture<List<T>> start(List<I> items, int limit, Executor executor,
            Function<? super I, CompletableFuture<T>> call) {
        BoundedBatch<I, T> batch = new BoundedBatch<>(items, executor, call);
        for (int i = 0; i < Math.min(limit, items.size()); i++) {
            batch.startNext();
        }
        return batch.result;
    }

    private void startNext() {
        int position = next.getAndIncrement();
        // Once the result is decided, an answer that arrives before the leftover calls are cancelled must
        // not start another one.
        if (position < items.size() && !result.isDone()) {
            call.apply(items.get(position)).whenCompleteAsync((value, error) -> {
                if (error == null) {
                    fill(position, value);
                } else {
                    result.completeExceptionally(error);
                }
            }, executor);
        }
    }

    private void fill(int position, T value) {
        slots.set(position, value);
        if (remaining.decrementAndGet() == 0) {
            result.complete(IntStream.range(0, slots.length()).mapToObj(slots::get).toList());
        } else {
            startNext();
        }
    }
}
