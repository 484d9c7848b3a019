package dev.asyncref.reactive.reactor.patterns;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A hedged call: the call, and the same call once more if no answer has come within {@code hedgeAfter}; the
 * first success wins, the other request (or the hedge still waiting for its delay) is cancelled before the
 * value travels on, and a failure only loses.
 *
 * <p>The trap it avoids: {@code call.timeout(hedgeAfter, call)} looks like a hedge but is a retry on slowness:
 * it cancels the first request as it sends the second, throwing away the answer that may be just about to
 * come; and a race by {@code Mono.firstWithSignal} or {@code or} lets the first request's quick failure win.
 * Here the hedge waits behind a {@code Mono.delay} inside {@code Mono.firstWithValue}: an answer before the
 * delay cancels the delay as a loser, so no hedge follows; a failure only loses, so the delay runs on.
 *
 * <p>What it needs from the client: the call is idempotent (it may be made twice), and cancelling the
 * subscription cancels it ({@code Adapters}).
 *
 * {@snippet :
 * Mono<BigDecimal> price = Hedge.hedged(prices.price(sku), Duration.ofMillis(50),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class Hedge {

    private Hedge() {}

    /**
     * Subscribes the call at once, and again after {@code hedgeAfter} (on the thread of
     * {@code Schedulers.parallel()}, virtual under {@code StepVerifier.withVirtualTime}) unless an answer has come
     * or the subscription has been cancelled; signals the first value on the thread that brings it. A first
     * request that fails early does not hasten the hedge: it still waits for its delay.
     *
     * @param call a cold Mono, making one request each time it is subscribed
     * @param hedgeAfter how long the first request may take before the hedge is sent; positive
     * @param allFailed the exception to fail with once both requests have failed, from their failures in the
     *     order they failed
     * @throws IllegalArgumentException if {@code hedgeAfter} is not positive
     */
    public static <T> Mono<T> hedged(Mono<T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends Throwable> allFailed) {
        if (!hedgeAfter.isPositive()) {
            throw new IllegalArgumentException("hedge delay must be positive, got " + hedgeAfter);
        }
        // Capped: a delay of centuries is simply that long, where Mono.delay's nanoseconds would overflow.
        Duration delay = Duration.ofNanos(Math.min(TimeUnit.NANOSECONDS.convert(hedgeAfter), Long.MAX_VALUE / 2));
        return Mono.defer(() -> {
            // One per subscription, as each subscription sends its own two requests.
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Mono<T> request = call.doOnError(failures::add);
            return Mono.firstWithValue(List.of(request, Mono.delay(delay).then(request)))
                    .onErrorMap(bothLost -> allFailed.apply(List.copyOf(failures)));
        });
    }
}
