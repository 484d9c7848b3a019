package dev.asyncref.virtualthreads;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;

/**
 * The edge between blocking code and the shared workload: each operation runs on a virtual thread of its
 * own, whose outcome completes the returned stage; cancelling the stage interrupts that thread.
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

    private <T> CompletableFuture<T> onVirtualThread(Callable<T> operation) {
        CompletableFuture<T> stage = new CompletableFuture<>();
        Thread worker = threads.newThread(() -> {
            try {
                stage.complete(operation.call());
            } catch (Throwable failure) {
                // Throwable, as FutureTask does: an Error escaping here would leave the stage pending forever.
                // After cancel(true) the stage is already done and this is ignored.
                stage.completeExceptionally(failure);
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
