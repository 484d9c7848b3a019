package dev.asyncref.callbacks;

import dev.asyncref.downstream.Cancellable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One call per item with at most {@code limit} in flight: each filled slot starts the next item not yet
 * started, and the last one reports every slot, in the items' order, to the outcome. Once the outcome is
 * settled (a failure, or the caller cancelled) no further call starts.
 *
 * <p>Hand-written because plain callbacks have no library by definition: this is what a bounded operator
 * (a {@code flatMap} with a concurrency argument) does for you.
 */
final class BoundedBatch<I, T> {

    private final List<I> items;
    private final Outcome<List<T>> outcome;
    private final BiFunction<? super I, Consumer<T>, Cancellable> call;
    // Answers arrive on several threads: slots and counters are atomic, and the thread that fills the last
    // slot sees every slot written before it.
    private final AtomicReferenceArray<T> slots;
    private final AtomicInteger remaining;
    private final AtomicInteger next = new AtomicInteger();

    private BoundedBatch(List<I> items, Outcome<List<T>> outcome,
            BiFunction<? super I, Consumer<T>, Cancellable> call) {
        this.items = items;
        this.outcome = outcome;
        this.call = call;
        this.slots = new AtomicReferenceArray<>(items.size());
        this.remaining = new AtomicInteger(items.size());
    }

    /**
     * Starts the first {@code limit} items; each later one starts when a slot is filled.
     *
     * @param call starts the call for an item, given what fills the item's slot, and returns its cancel handle
     */
    static <I, T> void start(List<I> items, int limit, Outcome<List<T>> outcome,
            BiFunction<? super I, Consumer<T>, Cancellable> call) {
        BoundedBatch<I, T> batch = new BoundedBatch<>(items, outcome, call);
        for (int i = 0; i < Math.min(limit, items.size()); i++) {
            batch.startNext();
        }
    }

    private void startNext() {
        int position = next.getAndIncrement();
        if (position < items.size()) {
            outcome.start(() -> call.apply(items.get(position), value -> fill(position, value)));
        }
    }

    private void fill(int position, T value) {
        slots.set(position, value);
        if (remaining.decrementAndGet() == 0) {
            outcome.succeed(IntStream.range(0, slots.length()).mapToObj(slots::get).toList());
        } else {
            startNext();
        }
    }
}
