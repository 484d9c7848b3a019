package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One call per item with at most {@code limit} in flight, the results in the items' order:
 * {@link #inOrder} fails fast (the first failure cancels the calls in flight, starts no more, and is
 * delivered after them), {@link #inOrderCollectingAll} turns each failure into that item's result and stops
 * nothing. Cancelling cancels the calls in flight and starts no more.
 *
 * <p>The trap it avoids: each answer starts the next call from inside its callback, so a client that answers
 * at once (a cache) nests one call inside the other until the stack overflows; here the answers only ask for
 * more, and one loop starts the calls. And the batch's state (the slots, the next item) belongs to one start
 * of the returned call: kept beside the helper instead, a second start would share, and scramble, the first
 * one's results.
 *
 * <p>What it needs from the client: cancelling a call cancels it.
 *
 * {@snippet :
 * Call.Cancellable pricing = BoundedConcurrency.inOrder(skus, 4, prices::price)
 *         .start(Call.Callback.of(this::show, this::showFailure));
 * }
 */
public final class BoundedConcurrency {

    private BoundedConcurrency() {}

    /**
     * A call that starts the first {@code limit} calls on the thread that starts it, each later one on the
     * thread that brought the answer before it; it answers with every value in the items' order, or the first
     * failure as soon as it happens.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static <I, O> Call<List<O>> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Call<O>> call) {
        return batch(items, limit, call, null);
    }

    /**
     * As {@link #inOrder}, but a failed call's result is {@code onFailure} of its item and its failure, and
     * nothing stops the batch but the caller's cancel.
     */
    public static <I, O> Call<List<O>> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Call<O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) {
        return batch(items, limit, call, onFailure);
    }

    private static <I, O> Call<List<O>> batch(List<I> items, int limit, Function<? super I, ? extends Call<O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        List<I> all = List.copyOf(items);
        return callback -> new Batch<>(all, limit, call, onFailure, callback).start();
    }

    /** One batch: a slot per item, the calls in flight by position, the next item, whether it is over. */
    private static final class Batch<I, O> implements Cancellable {

        private static final Cancellable STARTING = () -> {};

        private final List<I> items;
        private final int limit;
        private final Function<? super I, ? extends Call<O>> call;
        private final BiFunction<? super I, ? super Throwable, ? extends O> onFailure;
        private final Callback<List<O>> callback;
        private final List<O> slots;
        private final Map<Integer, Cancellable> inFlight = new HashMap<>();
        // Passes of fill() asked for while one runs: an answer at hand asks from inside the pass, and the
        // pass loops instead of recursing.
        private final AtomicInteger passes = new AtomicInteger();
        private int next;
        private int answered;
        private boolean over;

        Batch(List<I> items, int limit, Function<? super I, ? extends Call<O>> call,
                BiFunction<? super I, ? super Throwable, ? extends O> onFailure, Callback<List<O>> callback) {
            this.items = items;
            this.limit = limit;
            this.call = call;
            this.onFailure = onFailure;
            this.callback = callback;
            this.slots = new ArrayList<>(Collections.nCopies(items.size(), null));
        }

        Cancellable start() {
            if (items.isEmpty()) {
                callback.onSuccess(List.of());
                return this;
            }
            fill();
            return this;
        }

        /** Starts calls for the next items until {@code limit} are in flight or none is left. */
        private void fill() {
            if (passes.getAndIncrement() != 0) {
                return;
            }
            do {
                for (;;) {
                    synchronized (this) {
                        if (over || next == items.size() || inFlight.size() == limit) {
                            break;
                        }
                        int position = next++;
                        // Held while the call starts, so that a failure arriving meanwhile finds its handle to
                        // cancel; its own answer may come before the handle, and then takes the placeholder.
                        inFlight.put(position, STARTING);
                        Cancellable started = call.apply(items.get(position)).start(Callback.of(
                                value -> succeeded(position, value), failure -> failed(position, failure)));
                        inFlight.replace(position, started);
                    }
                }
            } while (passes.decrementAndGet() != 0);
        }

        private void succeeded(int position, O value) {
            List<O> results;
            synchronized (this) {
                if (over) {
                    return; // a call cancelled as the batch ended: its answer is nobody's
                }
                inFlight.remove(position);
                slots.set(position, value);
                if (++answered < items.size()) {
                    results = null;
                } else {
                    over = true;
                    results = Collections.unmodifiableList(new ArrayList<>(slots));
                }
            }
            if (results == null) {
                fill();
            } else {
                callback.onSuccess(results);
            }
        }

        private void failed(int position, Throwable failure) {
            if (onFailure != null) {
                succeeded(position, onFailure.apply(items.get(position), failure));
                return;
            }
            List<Cancellable> cancelling;
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                inFlight.remove(position);
                cancelling = List.copyOf(inFlight.values());
            }
            cancelling.forEach(Cancellable::cancel); // before the failure is delivered
            callback.onFailure(failure);
        }

        @Override
        public void cancel() {
            List<Cancellable> cancelling;
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                cancelling = List.copyOf(inFlight.values());
            }
            cancelling.forEach(Cancellable::cancel);
        }
    }
}
