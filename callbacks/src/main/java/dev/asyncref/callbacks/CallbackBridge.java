package dev.asyncref.callbacks;

import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.RetryPolicy;
import java.util.concurrent.CompletableFuture;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.workload.CallbackStages;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The edge between this style and the shared workload: each listener-taking operation becomes a
 * {@link CompletionStage} whose cancellation reaches the operation's cancel handle. The only place in this
 * module that touches {@code CompletableFuture}.
 */
public final class CallbackBridge implements Pizzeria {

    private final CallbackPizzeria pizzeria;

    public CallbackBridge(CallbackPizzeria pizzeria) {
        this.pizzeria = pizzeria;
    }

    @Override
    public CompletionStage<Quote> quote(Order order) {
        return CallbackStages.toFuture(listener -> pizzeria.quote(order, listener));
    }

    @Override
    public CompletionStage<Receipt> checkout(Order order) {
        return CallbackStages.toFuture(listener -> pizzeria.checkout(order, listener));
    }

    @Override
    public CompletionStage<List<BakedPizza>> bake(Order order) {
        return CallbackStages.toFuture(listener -> pizzeria.bake(order, listener));
    }

    @Override
    public CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return CallbackStages.toFuture(listener -> pizzeria.bakeBatch(order, ovens, listener));
    }

    @Override
    public CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return CallbackStages.toFuture(listener -> pizzeria.bakeBatchOutcomes(order, ovens, listener));
    }

    @Override
    public CompletionStage<CourierOffer> findCourier(Order order) {
        return CallbackStages.toFuture(listener -> pizzeria.findCourier(order, listener));
    }

    @Override
    public CompletionStage<Quote> quoteWithin(Order order, Duration timeout) {
        return CallbackStages.toFuture(listener -> pizzeria.quoteWithin(order, timeout, listener));
    }

    @Override
    public CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline) {
        return CallbackStages.toFuture(listener -> pizzeria.checkoutWithin(order, deadline, listener));
    }

    @Override
    public CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return CallbackStages.toFuture(listener -> pizzeria.findCourierWithin(order, timeout, listener));
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
