package dev.asyncref.reactive.rxjava;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
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
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.exceptions.CompositeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;

/**
 * The edge between RxJava and the shared workload: RxJava's own {@code Single.toCompletionStage()}
 * subscribes at once, completes the stage with the signal as it is, and disposes the subscription when the
 * stage's {@code toCompletableFuture()} is cancelled. {@code placeOrder} subscribes by hand, to give back an
 * order placed just as its stage is cancelled.
 *
 * <p>Streams go through {@link FlowAdapters#toFlowPublisher}, from Reactive Streams itself: RxJava has no
 * adapter to {@link Flow} of its own (it still runs on Java 8 and Android). The adapter is all it takes,
 * because a {@code Flowable} subscribed by a subscriber that is not RxJava's own wraps it in RxJava's
 * {@code StrictSubscriber}, which keeps the rules RxJava's operators relax among themselves: it answers
 * {@code request(0)} with a cancel and {@code onError(IllegalArgumentException)} (rule 3.9), where an operator
 * would only report it to {@code RxJavaPlugins.onError}.
 */
public final class RxBridge implements Pizzeria {

    private final RxPizzeria pizzeria;

    public RxBridge(RxPizzeria pizzeria) {
        this.pizzeria = pizzeria;
    }

    @Override
    public CompletionStage<Quote> quote(Order order) {
        return pizzeria.quote(order).toCompletionStage();
    }

    @Override
    public CompletionStage<Receipt> checkout(Order order) {
        return pizzeria.checkout(order).toCompletionStage();
    }

    @Override
    public CompletionStage<List<BakedPizza>> bake(Order order) {
        return pizzeria.bake(order).toCompletionStage();
    }

    @Override
    public CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return pizzeria.bakeBatch(order, ovens).toCompletionStage();
    }

    @Override
    public CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return pizzeria.bakeBatchOutcomes(order, ovens).toCompletionStage();
    }

    @Override
    public CompletionStage<CourierOffer> findCourier(Order order) {
        return pizzeria.findCourier(order).toCompletionStage();
    }

    @Override
    public CompletionStage<Quote> quoteWithin(Order order, Duration timeout) {
        return pizzeria.quoteWithin(order, timeout).toCompletionStage();
    }

    @Override
    public CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline) {
        return pizzeria.checkoutWithin(order, deadline).toCompletionStage();
    }

    @Override
    public CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return pizzeria.findCourierWithin(order, timeout).toCompletionStage();
    }

    @Override
    public CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return pizzeria.quoteHedged(order, hedgeAfter).toCompletionStage();
    }

    @Override
    public CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return pizzeria.quoteWithRetries(order, retries).toCompletionStage();
    }

    /**
     * Not {@code toCompletionStage()}: an order placed just as the stage is cancelled would be refused by the
     * cancelled stage, while the dispose comes too late to stop the operation, and that order holds a charge
     * nobody would refund. Here such an order is given back, for the caller's request although on the thread
     * that delivered the order; a give-back that fails is logged (R12.7), each of them if several did.
     */
    @Override
    public CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline) {
        CompletableFuture<PlacedOrder> stage = new CompletableFuture<>();
        Request caller = Request.of(OperationName.PLACE_ORDER);
        Disposable placing = pizzeria.placeOrder(order, deadline).subscribe(
                placed -> {
                    if (!stage.complete(placed)) {
                        caller.run(() -> pizzeria.giveBack(placed).subscribe(() -> { }, failed -> caller.run(() ->
                                eachOf(failed).forEach(OperationLog::giveBackFailed))));
                    }
                },
                stage::completeExceptionally);
        stage.whenComplete((placed, error) -> {
            if (stage.isCancelled()) {
                placing.dispose();
            }
        });
        return stage;
    }

    @Override
    public CompletionStage<DeliveryPlan> planDelivery(Order order) {
        return pizzeria.planDelivery(order).toCompletionStage();
    }

    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return FlowAdapters.toFlowPublisher(pizzeria.track(order));
    }

    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return FlowAdapters.toFlowPublisher(pizzeria.history(customer));
    }

    /** {@link RxPizzeria#giveBack} reports several failures at once as a {@link CompositeException}. */
    private static List<Throwable> eachOf(Throwable failed) {
        return failed instanceof CompositeException several ? several.getExceptions() : List.of(failed);
    }
}
