package dev.asyncref.reactive.rxjava;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.function.Function;

/**
 * The downstream services as {@link Single}s: lazy (nothing is called until subscription), one call per
 * subscription, and disposing the subscription cancels the call.
 */
final class RxServices {

    private final Downstream downstream;

    RxServices(Downstream downstream) {
        this.downstream = downstream;
    }

    Single<Quote> quote(Order order) {
        return call(callback -> downstream.menu().quote(order, callback));
    }

    Single<Receipt> charge(Payment payment) {
        return call(callback -> downstream.payments().charge(payment, callback));
    }

    Single<BakedPizza> bake(Pizza pizza) {
        return call(callback -> downstream.kitchen().bake(pizza, callback));
    }

    Single<CourierOffer> offer(CourierService courier, Order order) {
        return call(callback -> courier.offer(order, callback));
    }

    List<CourierService> couriers() {
        return downstream.couriers();
    }

    private static <T> Single<T> call(Function<Callback<T>, Cancellable> start) {
        return Single.create(emitter -> {
            // tryOnError: an answer racing a dispose must not become an UndeliverableException.
            Cancellable call = start.apply(Callback.of(emitter::onSuccess, emitter::tryOnError));
            emitter.setCancellable(call::cancel);
        });
    }
}
