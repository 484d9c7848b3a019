package dev.asyncref.virtualthreads;

import static dev.asyncref.context.OperationName.BAKE;
import static dev.asyncref.context.OperationName.BAKE_BATCH;
import static dev.asyncref.context.OperationName.BAKE_BATCH_OUTCOMES;
import static dev.asyncref.context.OperationName.CHECKOUT;
import static dev.asyncref.context.OperationName.CHECKOUT_WITHIN;
import static dev.asyncref.context.OperationName.FIND_COURIER;
import static dev.asyncref.context.OperationName.FIND_COURIER_WITHIN;
import static dev.asyncref.context.OperationName.HISTORY;
import static dev.asyncref.context.OperationName.PLACE_ORDER;
import static dev.asyncref.context.OperationName.PLAN_DELIVERY;
import static dev.asyncref.context.OperationName.QUOTE;
import static dev.asyncref.context.OperationName.QUOTE_HEDGED;
import static dev.asyncref.context.OperationName.QUOTE_WITHIN;
import static dev.asyncref.context.OperationName.QUOTE_WITH_RETRIES;
import static dev.asyncref.context.OperationName.TRACK;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The edge between blocking code and the shared workload: each operation runs on a virtual thread of its
 * own, whose outcome completes the returned stage; cancelling the stage interrupts that thread. An order
 * placed just as its stage is cancelled reaches nobody: it is given back, as the canceller expects. A
 * stream becomes a {@link Flow.Publisher} whose every subscription pulls it on a virtual thread of its own,
 * only while the subscriber's demand is outstanding ({@link StreamSubscription}).
 *
 * <p>This is also where an operation's request starts: the caller's correlation id is read from its MDC as
 * it calls (for a stream, as it subscribes), and the operation's thread runs in that request's scope
 * ({@link RequestScope}), whatever thread asks for more items later. That thread writes the operation's end
 * line ({@link dev.asyncref.context.OperationLog}) just before it completes the stage or signals the end of
 * the stream; a cancelled operation ends without one, as nobody waits for its outcome.
 *
 * <p>Hand-written because {@code CompletableFuture.supplyAsync(.., executor)} cannot do it: its
 * {@code cancel(true)} never interrupts the task, and its supplier cannot throw
 * {@link InterruptedException}.
 */
public final class BlockingBridge implements Pizzeria {

    private final BlockingPizzeria pizzeria;
    private final ThreadFactory threads = Thread.ofVirtual().name("pizzeria-", 1).factory();

    public BlockingBridge(BlockingPizzeria pizzeria) {
        this.pizzeria = pizzeria;
    }

    @Override
    public CompletionStage<Quote> quote(Order order) {
        return onVirtualThread(QUOTE, () -> pizzeria.quote(order));
    }

    @Override
    public CompletionStage<Receipt> checkout(Order order) {
        return onVirtualThread(CHECKOUT, () -> pizzeria.checkout(order));
    }

    @Override
    public CompletionStage<List<BakedPizza>> bake(Order order) {
        return onVirtualThread(BAKE, () -> pizzeria.bake(order));
    }

    @Override
    public CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return onVirtualThread(BAKE_BATCH, () -> pizzeria.bakeBatch(order, ovens));
    }

    @Override
    public CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return onVirtualThread(BAKE_BATCH_OUTCOMES, () -> pizzeria.bakeBatchOutcomes(order, ovens));
    }

    @Override
    public CompletionStage<CourierOffer> findCourier(Order order) {
        return onVirtualThread(FIND_COURIER, () -> pizzeria.findCourier(order));
    }

    @Override
    public CompletionStage<Quote> quoteWithin(Order order, Duration timeout) {
        return onVirtualThread(QUOTE_WITHIN, () -> pizzeria.quoteWithin(order, timeout));
    }

    @Override
    public CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline) {
        return onVirtualThread(CHECKOUT_WITHIN, () -> pizzeria.checkoutWithin(order, deadline));
    }

    @Override
    public CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return onVirtualThread(FIND_COURIER_WITHIN, () -> pizzeria.findCourierWithin(order, timeout));
    }

    @Override
    public CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return onVirtualThread(QUOTE_HEDGED, () -> pizzeria.quoteHedged(order, hedgeAfter));
    }

    @Override
    public CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return onVirtualThread(QUOTE_WITH_RETRIES, () -> pizzeria.quoteWithRetries(order, retries));
    }

    @Override
    public CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline) {
        return onVirtualThread(PLACE_ORDER, () -> pizzeria.placeOrder(order, deadline), placed -> {
            try {
                pizzeria.giveBack(placed);
            } catch (IllegalStateException notAllGivenBack) {
                logGiveBackFailures(notAllGivenBack);
            }
        }, BlockingBridge::logGiveBackFailures);
    }

    @Override
    public CompletionStage<DeliveryPlan> planDelivery(Order order) {
        return onVirtualThread(PLAN_DELIVERY, () -> pizzeria.planDelivery(order));
    }

    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return subscriber -> StreamSubscription.subscribe(subscriber, () -> pizzeria.track(order),
                RequestScope.of(TRACK), threads);
    }

    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return subscriber -> StreamSubscription.subscribe(subscriber, () -> pizzeria.history(customer),
                RequestScope.of(HISTORY), threads);
    }

    /**
     * What {@code placeOrder} could not give back, carried as suppressed by what it threw (R12.6), logged because
     * its stage was cancelled and nobody will see it (R12.7).
     */
    private static void logGiveBackFailures(Throwable thrown) {
        Arrays.stream(thrown.getSuppressed()).forEach(OperationLog::giveBackFailed);
    }

    private <T> CompletableFuture<T> onVirtualThread(OperationName name, Callable<T> operation) {
        return onVirtualThread(name, operation, unclaimed -> { }, unheard -> { });
    }

    /**
     * {@code operation} on a virtual thread of its own, for the caller's request; {@code giveBack} takes a
     * result that came just after the stage was cancelled, and {@code unheard} a failure thrown after it.
     * cancel(true) completes the stage before it interrupts the thread, so an operation can finish in between,
     * and return normally what nobody will ever see.
     */
    private <T> CompletableFuture<T> onVirtualThread(OperationName name, Callable<T> operation,
            Consumer<? super T> giveBack, Consumer<Throwable> unheard) {
        // Read here, on the caller's thread: the virtual thread starts with an empty MDC.
        RequestContext request = RequestScope.of(name);
        CompletableFuture<T> stage = new CompletableFuture<>();
        Thread worker = threads.newThread(() -> RequestScope.call(request, () -> {
            T result;
            try {
                result = operation.call();
            } catch (Throwable failure) {
                // Throwable, as FutureTask does: an Error escaping here would leave the stage pending forever.
                // After cancel(true) the stage is already done: the caller asked for no outcome, and gets none.
                if (!stage.isDone()) {
                    OperationLog.failed(failure);
                    stage.completeExceptionally(failure);
                } else {
                    unheard.accept(failure);
                }
                return null;
            }
            if (!stage.isDone()) {
                OperationLog.succeeded(); // before the outcome: a dependent stage may run on this thread
            }
            if (!stage.complete(result)) {
                giveBack.accept(result);
            }
            return null;
        }));
        stage.whenComplete((value, error) -> {
            if (stage.isCancelled()) {
                worker.interrupt();
            }
        });
        worker.start();
        return stage;
    }
}
