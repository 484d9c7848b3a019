package dev.asyncref.reactive.reactor;

import static dev.asyncref.context.OperationName.PLACE_ORDER;

import dev.asyncref.context.OperationLog;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The edge between Reactor and the shared workload: Reactor's own {@code Mono.toFuture()} subscribes at
 * once, completes the future with the signal as it is, and cancels the subscription when the future is
 * cancelled. {@code placeOrder} subscribes by hand, to give back an order placed just as its stage is
 * cancelled. A stream crosses as a {@link Flow.Publisher} through the Reactive Streams project's own adapter
 * (see {@link #toFlow}).
 *
 * <p>The caller's correlation id crosses here, from its MDC into Reactor's Context: {@code contextCapture()}
 * copies it as the caller subscribes, which for an operation is the call itself, and for a stream is the
 * subscriber's {@code subscribe}, whichever thread later requests (see {@link RequestScope}).
 */
public final class ReactorBridge implements Pizzeria {

    private final ReactorPizzeria pizzeria;

    public ReactorBridge(ReactorPizzeria pizzeria) {
        this.pizzeria = pizzeria;
    }

    @Override
    public CompletionStage<Quote> quote(Order order) {
        return pizzeria.quote(order).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<Receipt> checkout(Order order) {
        return pizzeria.checkout(order).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<List<BakedPizza>> bake(Order order) {
        return pizzeria.bake(order).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return pizzeria.bakeBatch(order, ovens).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return pizzeria.bakeBatchOutcomes(order, ovens).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<CourierOffer> findCourier(Order order) {
        return pizzeria.findCourier(order).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<Quote> quoteWithin(Order order, Duration timeout) {
        return pizzeria.quoteWithin(order, timeout).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline) {
        return pizzeria.checkoutWithin(order, deadline).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return pizzeria.findCourierWithin(order, timeout).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return pizzeria.quoteHedged(order, hedgeAfter).contextCapture().toFuture();
    }

    @Override
    public CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return pizzeria.quoteWithRetries(order, retries).contextCapture().toFuture();
    }

    /**
     * Not {@code toFuture()}: an order placed just as the stage is cancelled would be refused by the
     * cancelled stage, while the cancel comes too late to stop the operation, and that order holds a charge
     * nobody would refund. Here such an order is given back; a give-back that fails is logged (R12.7).
     */
    @Override
    public CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline) {
        // What contextCapture() would write, and the operation's name, captured once here, so that a refused
        // order's give-back runs in it too.
        Context caller = RequestScope.captured(PLACE_ORDER);
        return toFuture(pizzeria.placeOrder(order, deadline).contextWrite(caller), placed -> pizzeria.giveBack(placed)
                .onErrorResume(failed -> {
                    RequestScope.in(caller,
                            () -> Exceptions.unwrapMultiple(failed).forEach(OperationLog::giveBackFailed));
                    return Mono.empty();
                })
                .contextWrite(caller)
                .subscribe());
    }

    @Override
    public CompletionStage<DeliveryPlan> planDelivery(Order order) {
        return pizzeria.planDelivery(order).contextCapture().toFuture();
    }

    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return toFlow(pizzeria.track(order).contextCapture());
    }

    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return toFlow(pizzeria.history(customer).contextCapture());
    }

    /**
     * A {@link Flux} as a {@link Flow.Publisher} that keeps every rule of the specification. Not Reactor's
     * {@code JdkFlowAdapter.publisherToFlowPublisher}: its subscriber is one of Reactor's own, which Reactor
     * trusts, so a {@code request(0)} is only logged (rule 3.9 wants an {@code onError}). FlowAdapters hands
     * Reactor a plain Reactive Streams subscriber, which Reactor guards as it guards any foreign one: a
     * request that is not positive cancels the subscription and signals an IllegalArgumentException.
     */
    private static <T> Flow.Publisher<T> toFlow(Flux<T> flux) {
        return FlowAdapters.toFlowPublisher(flux);
    }

    /**
     * {@code Mono.toFuture()}, except for a value that crosses the cancel on its way (Reactive Streams rule
     * 2.8 allows a subscriber to receive onNext after it cancelled): toFuture drops it to Reactor's hook for
     * dropped values, and so does {@code Mono.subscribe(Consumer)}; this subscriber hands what the cancelled
     * future refuses to {@code refused}. Not a {@link reactor.core.publisher.BaseSubscriber}: it hears such a
     * value, but hands an error that crosses the cancel to Reactor's hook for dropped errors, which logs it at
     * ERROR; here the cancelled future refuses it, and nobody hears of it (R6.7), as with toFuture.
     */
    private static <T> CompletableFuture<T> toFuture(Mono<T> mono, Consumer<? super T> refused) {
        CompletableFuture<T> future = new CompletableFuture<>();
        mono.subscribe(new CoreSubscriber<T>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                future.whenComplete((value, error) -> {
                    if (future.isCancelled()) {
                        subscription.cancel();
                    }
                });
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T value) {
                if (!future.complete(value)) {
                    refused.accept(value);
                }
            }

            @Override
            public void onError(Throwable error) {
                future.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                future.complete(null);
            }
        });
        return future;
    }
}
