package dev.asyncref.callbacks;

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
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.workload.CallbackStages;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * The edge between this style and the shared workload: each listener-taking operation becomes a
 * {@link CompletionStage} whose cancellation reaches the operation's cancel handle, and each stream a
 * {@link Flow.Publisher} whose subscriptions pass demand and cancellation on to the stream's handle
 * ({@link FlowSubscription}). The only place in this module that touches {@code CompletableFuture}, and
 * with {@link FlowSubscription} the only one that touches {@link Flow}.
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

    @Override
    public CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return CallbackStages.toFuture(listener -> pizzeria.quoteHedged(order, hedgeAfter, listener));
    }

    @Override
    public CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return CallbackStages.toFuture(listener -> pizzeria.quoteWithRetries(order, retries, listener));
    }

    @Override
    public CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline) {
        return OperationFuture.start(listener -> pizzeria.placeOrder(order, deadline, listener));
    }

    @Override
    public CompletionStage<DeliveryPlan> planDelivery(Order order) {
        return CallbackStages.toFuture(listener -> pizzeria.planDelivery(order, listener));
    }

    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return FlowSubscription.publisher(listener -> pizzeria.track(order, listener));
    }

    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return FlowSubscription.publisher(listener -> pizzeria.history(customer, listener));
    }

    /**
     * A future that is cancelled only if its operation was. {@link CallbackStages#toFuture} cancels the
     * future first and the operation after, so a result that settles the operation in between is refused by
     * the cancelled future and reaches no one. For {@code placeOrder} that result holds a charge, which
     * nobody would then refund; here, a cancel that comes too late fails, and the caller gets the result.
     */
    private static final class OperationFuture<T> extends CompletableFuture<T> {

        private volatile Cancellable operation;

        static <T> OperationFuture<T> start(Function<Callback<T>, Cancellable> start) {
            OperationFuture<T> future = new OperationFuture<>();
            future.operation = start.apply(Callback.of(future::complete, future::completeExceptionally));
            return future;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return operation.cancel() ? super.cancel(mayInterruptIfRunning) : isCancelled();
        }
    }
}
