package dev.asyncref.reactive.reactor.patterns;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The first success among alternatives subscribed together: a failure only loses, the losers are cancelled
 * before the winner's value travels on, and once every alternative has failed, the caller's exception carries
 * every failure in the order they failed.
 *
 * <p>The trap it avoids: {@code Mono.firstWithSignal} (and {@code or}) takes the first <em>signal</em>, so a
 * quick failure wins the race. {@code Mono.firstWithValue}, used here, ignores failures until all have failed,
 * but then fails with a {@code NoSuchElementException} listing them by position, not in the order they came
 * (and with a single alternative, with that one's own error): this helper records them itself, in a list made
 * per subscription, inside {@code Mono.defer}; one made when the Mono is built would mix the failures of every
 * run of it.
 *
 * <p>What it needs from the client: cancelling the subscription cancels the call ({@code Adapters}); a call that
 * ignores the cancel leaves its loser running.
 *
 * {@snippet :
 * Mono<BigDecimal> price = FirstSuccess.firstSuccess(
 *         List.of(europe.price(sku), america.price(sku)),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class FirstSuccess {

    private FirstSuccess() {}

    /**
     * Subscribes every alternative, in order, when subscribed, and signals the first value on the thread that
     * brings it, once every other alternative has been cancelled. An alternative that completes empty loses,
     * with no failure to report. Each subscription races the alternatives afresh.
     *
     * @param alternatives cold Monos, each making its call when subscribed
     * @param allFailed the exception to fail with once all have failed, made from their failures in the order
     *     they failed
     * @throws IllegalArgumentException if there is no alternative
     */
    public static <T> Mono<T> firstSuccess(List<? extends Mono<? extends T>> alternatives,
            Function<? super List<Throwable>, ? extends Throwable> allFailed) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives to race");
        }
        List<Mono<? extends T>> racing = List.copyOf(alternatives);
        return Mono.defer(() -> {
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            return Mono.<T>firstWithValue(racing.stream()
                            .<Mono<? extends T>>map(alternative -> alternative.doOnError(failures::add))
                            .toList())
                    .onErrorMap(everyoneLost -> allFailed.apply(List.copyOf(failures)));
        });
    }
}
