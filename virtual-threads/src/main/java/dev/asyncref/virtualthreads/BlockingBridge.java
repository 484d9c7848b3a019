package dev.asyncref.virtualthreads;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
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
        return onVirtualThread(() -> pizzeria.quote(order));
    }

    @Override
    public CompletionStage<Receipt> checkout(Order order) {
        return onVirtualThread(() -> pizzeria.checkout(order));
    }

    @Override
    public CompletionStage<List<BakedPizza>> bake(Order order) {
        return onVirtualThread(() -> pizzeria.bake(order));
    }

    @Override
    public CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return onVirtualThread(() -> pizzeria.bakeBatch(order, ovens));
    }

    @Override
    public CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return onVirtualThread(() -> pizzeria.bakeBatchOutcomes(order, ovens));
    }

    @Override
    public CompletionStage<CourierOffer> findCourier(Order order) {
        return onVirtualThread(() -> pizzeria.findCourier(order));
    }

    @Override
    public CompletionStage<Quote> quoteWithin(Order order, Duration timeout) {
        return onVirtualThread(() -> pizzeria.quoteWithin(order, timeout));
    }

    @Override
    public CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline) {
        return onVirtualThread(() -> pizzeria.checkoutWithin(order, deadline));
    }

    @Override
    public CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return onVirtualThread(() -> pizzeria.findCourierWithin(order, timeout));
    }

    @Override
    public CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return onVirtualThread(() -> pizzeria.quoteHedged(order, hedgeAfter));
    }

    @Override
    public CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return onVirtualThread(() -> pizzeria.quoteWithRetries(order, retries));
    }

    @Override
    public CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline) {
        return onVirtualThread(() -> pizzeria.placeOrder(order, deadline), pizzeria::giveBack);
    }

    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return subscriber -> StreamSubscription.subscribe(subscriber, () -> pizzeria.track(order), threads);
    }

    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return subscriber -> StreamSubscription.subscribe(subscriber, () -> pizzeria.history(customer), threads);
    }

    private <T> CompletableFuture<T> onVirtualThread(Callable<T> operation) {
        return onVirtualThread(operation, unclaimed -> { });
    }

    /**
     * {@code operation} on a virtual thread of its own; {@code giveBack} takes a result that came just after
     * the stage was cancelled. cancel(true) completes the stage before it interrupts the thread, so an
     * operation can finish in between, and return normally what nobody will ever see.
     */
    private <T> CompletableFuture<T> onVirtualThread(Callable<T> operation, Consumer<? super T> giveBack) {
        CompletableFuture<T> stage = new CompletableFuture<>();
        Thread worker = threads.newThread(() -> {
            T result;
            try {
                result = operation.call();
            } catch (Throwable failure) {
                // Throwable, as FutureTask does: an Error escaping here would leave the stage pending forever.
                // After cancel(true) the stage is already done and this is ignored.
                stage.completeExceptionally(failure);
                return;
            }
            if (!stage.complete(result)) {
                // A give-back that fails has nobody to tell but this thread's uncaught-exception handler.
                giveBack.accept(result);
            }
        });
        stage.whenComplete((value, error) -> {
            if (stage.isCancelled()) {
                worker.interrupt();
            }
        });
        worker.start();
        return stage;
    }
}
