package dev.asyncref.reactive.reactor;

import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.RetryPolicy;
import java.util.concurrent.CompletableFuture;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The edge between Reactor and the shared workload: Reactor's own {@code Mono.toFuture()} subscribes at
 * once, completes the future with the signal as it is, and cancels the subscription when the future is
 * cancelled.
 */
public final class ReactorBridge implements Pizzeria {

    private final ReactorPizzeria pizzeria;

    public ReactorBridge(ReactorPizzeria pizzeria) {
        this.pizzeria = pizzeria;
    }

    @Override
    public CompletionStage<Quote> quote(Order order) {
        return pizzeria.quote(order).toFuture();
    }

    @Override
    public CompletionStage<Receipt> checkout(Order order) {
        return pizzeria.checkout(order).toFuture();
    }

    @Override
    public CompletionStage<List<BakedPizza>> bake(Order order) {
        return pizzeria.bake(order).toFuture();
    }

    @Override
    public CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return pizzeria.bakeBatch(order, ovens).toFuture();
    }

    @Override
    public CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return pizzeria.bakeBatchOutcomes(order, ovens).toFuture();
    }

    @Override
    public CompletionStage<CourierOffer> findCourier(Order order) {
        return pizzeria.findCourier(order).toFuture();
    }

    @Override
    public CompletionStage<Quote> quoteWithin(Order order, Duration timeout) {
        return pizzeria.quoteWithin(order, timeout).toFuture();
    }

    @Override
    public CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline) {
        return pizzeria.checkoutWithin(order, deadline).toFuture();
    }

    @Override
    public CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return pizzeria.findCourierWithin(order, timeout).toFuture();
    }

    // STUB (issue 3 patterns 2, 4, 7): replaced by the real implementation before this branch is merged.
    @Override
    public CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not yet"));
    }

    @Override
    public CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not yet"));
    }

    @Override
    public CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not yet"));
    }
}
