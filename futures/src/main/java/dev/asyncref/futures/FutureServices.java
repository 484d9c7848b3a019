package dev.asyncref.futures;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.CallbackStages;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The downstream services as futures: each call's future completes on a downstream thread with the
 * service's answer or its error (unwrapped), and cancelling the future cancels the call.
 */
final class FutureServices {

    private final Downstream downstream;

    FutureServices(Downstream downstream) {
        this.downstream = downstream;
    }

    CompletableFuture<Quote> quote(Order order) {
        return CallbackStages.toFuture(callback -> downstream.menu().quote(order, callback));
    }

    CompletableFuture<Receipt> charge(Payment payment) {
        return CallbackStages.toFuture(callback -> downstream.payments().charge(payment, callback));
    }

    CompletableFuture<BakedPizza> bake(Pizza pizza) {
        return CallbackStages.toFuture(callback -> downstream.kitchen().bake(pizza, callback));
    }

    CompletableFuture<CourierOffer> offer(CourierService courier, Order order) {
        return CallbackStages.toFuture(callback -> courier.offer(order, callback));
    }

    List<CourierService> couriers() {
        return downstream.couriers();
    }
}
