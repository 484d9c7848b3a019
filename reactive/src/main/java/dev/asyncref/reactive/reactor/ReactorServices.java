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
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The downstream services as {@link Mono}s: lazy (nothing is called until subscription), one call per
 * subscription, and cancelling the subscription cancels the call at once, from whatever thread and however
 * the cancel crosses the call's start.
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
            OneCall call = new OneCall();
            // Registered before the call starts: a cancel from another thread that crosses the start (a call
            // made on a timer's thread just as another answer cancels it) then waits for the call and cancels
            // it at once. Registered after, it would be carried out only when the starting thread got there,
            // maybe after the answer that cancelled it has travelled on.
            sink.onCancel(call::cancel);
            // An error racing a cancel is dropped to Hooks.onErrorDropped (logged), Reactor's counterpart of
            // RxJava's undeliverable errors; MonoSink has no tryError, and the race is inherent to cancelling.
            call.start(() -> start.apply(Callback.of(sink::success, sink::error)));
        });
    }

    /** One call, started unless already cancelled, and cancelled at once however the two cross. */
    private static final class OneCall {
        private Cancellable started;
        private boolean cancelled;

        synchronized void start(Supplier<Cancellable> call) {
            if (!cancelled) {
                started = call.get();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (started != null) {
                started.cancel();
            }
        }
    }
}
