package dev.asyncref.reactive.reactor.patterns;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One call per item with at most {@code limit} subscribed at once, the results in the items' order:
 * {@link #inOrder} fails fast (the first failure cancels the calls in flight, starts no more, and travels on
 * after them), {@link #inOrderCollectingAll} turns each failure into that item's result and stops nothing.
 * Cancelling the subscription cancels the calls in flight and starts no more.
 *
 * <p>The trap it avoids: {@code flatMap(call, limit)} is the tool, but failures that reach it together, as in
 * an outage, are combined into one composite exception, and one that arrives just after the first has ended
 * the sequence is dropped to {@code Hooks.onErrorDropped}, which logs it at ERROR. So only the first failure
 * passes, a later one becoming a call that never answers, which the first failure's cancel ends; and that
 * guard is the state of one run, made inside {@code Mono.defer}: made when the Mono is built, it would be spent
 * by the first run's failure, and every later run's first failure would hang. Not {@code flatMapSequential},
 * which asks for the next item only when the oldest call is done, so one slow call leaves the other slots
 * idle; each result's position puts the list back in order instead.
 *
 * <p>What it needs from the client: cancelling the subscription cancels the call ({@code Adapters}).
 *
 * {@snippet :
 * Mono<List<BigDecimal>> prices = BoundedConcurrency.inOrder(skus, 4, prices::price);
 * }
 */
public final class BoundedConcurrency {

    private BoundedConcurrency() {}

    /**
     * Subscribes the first {@code limit} calls when subscribed, each later one on the thread that brought the
     * answer before it; signals every value in the items' order, or the first failure as soon as it happens.
     *
     * @param call makes an item's call, as a cold Mono; called when the item's turn comes
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static <I, O> Mono<List<O>> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Mono<O>> call) {
        requirePositive(limit);
        List<I> all = List.copyOf(items);
        return Mono.defer(() -> {
            // The guard of one run: made per subscription, never when the Mono is built (see above).
            AtomicBoolean failed = new AtomicBoolean();
            return placedInOrder(all, limit, item -> Mono.<O>defer(() -> call.apply(item))
                    .onErrorResume(error -> failed.compareAndSet(false, true) ? Mono.error(error) : Mono.never()));
        });
    }

    /**
     * As {@link #inOrder}, but a failed call's result is {@code onFailure} of its item and its failure, and
     * nothing stops the batch but the subscriber's cancel.
     */
    public static <I, O> Mono<List<O>> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Mono<O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) {
        requirePositive(limit);
        return placedInOrder(List.copyOf(items), limit, item -> Mono.<O>defer(() -> call.apply(item))
                .onErrorResume(error -> Mono.just(onFailure.apply(item, error))));
    }

    /** Each item's call, placed at the item's position; {@code call} lets through no more than one failure. */
    private static <I, O> Mono<List<O>> placedInOrder(List<I> items, int limit, Function<I, Mono<O>> call) {
        return Flux.range(0, items.size())
                .flatMap(position -> call.apply(items.get(position)).map(result -> new Placed<>(position, result)),
                        limit)
                .collectSortedList(Comparator.comparingInt(Placed::position))
                .map(placed -> placed.stream().map(Placed::result).toList());
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    /** One item's result and the item's position. */
    private record Placed<O>(int position, O result) {}
}
