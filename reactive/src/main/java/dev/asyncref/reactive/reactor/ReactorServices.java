package dev.asyncref.reactive.reactor;

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
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The downstream services as {@link Mono}s: lazy (nothing is called until subscription), one call per
 * subscription, and cancelling the subscription cancels the call.
 */
final class ReactorServices {

    private final Downstream downstream;

    ReactorServices(Downstream downstream) {
        this.downstream = downstream;
    }

    Mono<Quote> quote(Order order) {
        return call(callback -> downstream.menu().quote(order, callback));
    }

    Mono<Receipt> charge(Payment payment) {
        return call(callback -> downstream.payments().charge(payment, callback));
    }

    Mono<BakedPizza> bake(Pizza pizza) {
        return call(callback -> downstream.kitchen().bake(pizza, callback));
    }

    Mono<CourierOffer> offer(CourierService courier, Order order) {
        return call(callback -> courier.offer(order, callback));
    }

    List<CourierService> couriers() {
        return downstream.couriers();
    }

    private static <T> Mono<T> call(Function<Callback<T>, Cancellable> start) {
        return Mono.create(sink -> {
            // An error racing a cancel is dropped to Hooks.onErrorDropped (logged), Reactor's counterpart of
            // RxJava's undeliverable errors; MonoSink has no tryError, and the race is inherent to cancelling.
            Cancellable call = start.apply(Callback.of(sink::success, sink::error));
            sink.onCancel(call::cancel);
        });
    }
}
