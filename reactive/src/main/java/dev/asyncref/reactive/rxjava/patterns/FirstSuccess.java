package dev.asyncref.reactive.rxjava.patterns;

import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * The first success among alternatives subscribed together: a failure only loses, the losers are disposed
 * before the winner's value is delivered, and once every alternative has failed, the caller's exception
 * carries every failure.
 *
 * <p>The trap it avoids: {@code Single.amb} (and {@code ambArray}, {@code ambWith}) takes the first
 * <em>signal</em>, so a quick failure wins the race and disposes the alternative that was about to succeed.
 * Nor may a failure stay inside the merge: {@code mergeDelayError} hands one that arrives as the winner
 * disposes the race to {@code RxJavaPlugins.onError} as undeliverable, and so does {@code doOnError} before
 * {@code onErrorComplete}. Here each failure is set aside by {@code onErrorComplete}'s predicate and its
 * alternative ends empty; {@code firstElement} disposes the rest before it passes the winner on.
 *
 * <p>What it needs from the client: each alternative is cold (subscribing makes the call), and disposing it
 * cancels the call. {@code Adapters} makes both of a callback or {@code CompletableFuture} client;
 * {@code Single.fromCompletionStage} does neither, and its losers run on.
 *
 * {@snippet :
 * Single<BigDecimal> price = FirstSuccess.firstSuccess(
 *         List.of(europe.price(sku), america.price(sku)),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class FirstSuccess {

    private FirstSuccess() {}

    /**
     * Subscribes every alternative, in order, on the subscribing thread, and signals on the thread that brings
     * the first value, once every other alternative has been disposed. Each subscription is a race of its own.
     *
     * @param alternatives cold {@code Single}s, each making one call when subscribed
     * @param allFailed the exception to fail with once all have failed, made from their failures in the order
     *     they failed
     * @throws IllegalArgumentException if there is no alternative
     */
    public static <T> Single<T> firstSuccess(List<Single<T>> alternatives,
            Function<? super List<Throwable>, ? extends Throwable> allFailed) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives to race");
        }
        return Single.defer(() -> {
            // Per subscription: a Single subscribed twice reports each race's own failures.
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            return Maybe.merge(alternatives.stream()
                            .map(alternative -> alternative.toMaybe().onErrorComplete(failures::add))
                            .toList())
                    .firstElement()
                    .switchIfEmpty(Single.error(() -> allFailed.apply(List.copyOf(failures))));
        });
    }
}
