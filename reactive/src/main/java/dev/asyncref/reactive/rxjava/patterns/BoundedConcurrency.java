package dev.asyncref.reactive.rxjava.patterns;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One call per item with at most {@code limit} in flight, the results in the items' order:
 * {@link #inOrder} fails fast (the first failure disposes the calls in flight, subscribes no more, and is
 * delivered after them), {@link #inOrderCollectingAll} turns each failure into that item's result and stops
 * nothing. Disposing the result disposes the calls in flight and subscribes no more.
 *
 * <p>The trap it avoids: {@code flatMapSingle(call, false, limit)} bounds the calls but lists them as they
 * answer, and is not safe with failures: two that reach it together, as in an outage, are merged into one
 * {@code CompositeException}, and one that arrives just after the first has ended the sequence goes to
 * {@code RxJavaPlugins.onError} as undeliverable. Here only a run's first failure passes; a later one becomes a
 * call that never answers, which the first failure's dispose ends. That flag is made per subscription:
 * assembled once outside {@code defer}, it would be shared by every subscription, and a second run's first
 * failure would wait forever. {@code concatMapEager} keeps the order but starts the next call only when the
 * oldest is done, leaving slots idle behind one slow call.
 *
 * <p>What it needs from the client: disposing a call cancels it ({@code Adapters}).
 *
 * {@snippet :
 * Single<List<BigDecimal>> prices = BoundedConcurrency.inOrder(skus, 4, prices::price);
 * }
 */
public final class BoundedConcurrency {

    private BoundedConcurrency() {}

    /**
     * Subscribes the first {@code limit} calls on the subscribing thread, each later one on the thread that
     * brought an answer; signals every value in the items' order, or the first failure as soon as it
     * happens. A call that throws as it is made fails like one that fails later.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static <I, O> Single<List<O>> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Single<O>> call) {
        requirePositive(limit);
        return Single.defer(() -> {
            AtomicBoolean failed = new AtomicBoolean();
            return inSlots(items, limit, item -> callFor(call, item).onErrorResumeNext(failure ->
                    failed.compareAndSet(false, true) ? Single.error(failure) : Single.never()));
        });
    }

    /**
     * As {@link #inOrder}, but a failed call's result is {@code onFailure} of its item and its failure, and
     * nothing stops the batch but the subscriber's dispose.
     */
    public static <I, O> Single<List<O>> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Single<O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) {
        requirePositive(limit);
        return inSlots(items, limit,
                item -> callFor(call, item).onErrorReturn(failure -> onFailure.apply(item, failure)));
    }

    /**
     * flatMapSingle fills a slot as soon as any call answers; each result's position puts the list back in
     * order.
     */
    private static <I, O> Single<List<O>> inSlots(List<I> items, int limit, Function<I, Single<O>> call) {
        List<I> all = List.copyOf(items);
        return Flowable.range(0, all.size())
                .flatMapSingle(position -> call.apply(all.get(position))
                        .map(result -> new Placed<>(position, result)), false, limit)
                .toSortedList(Comparator.comparingInt(Placed::position))
                .map(placed -> placed.stream().map(Placed::result).toList());
    }

    /** The item's call, made when subscribed: one that throws as it is made fails like one that fails later. */
    private static <I, O> Single<O> callFor(Function<? super I, ? extends Single<O>> call, I item) {
        return Single.defer(() -> call.apply(item));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    /** One call's result and its item's position. */
    private record Placed<O>(int position, O result) {}
}
