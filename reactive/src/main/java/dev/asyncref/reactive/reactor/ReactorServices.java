package dev.asyncref.reactive.reactor;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The downstream services as {@link Mono}s: lazy (nothing is called until subscription), one call per
 * subscription, and cancelling the subscription cancels the call at once, from whatever thread and however
 * the cancel crosses the call's start. A call that acquires something
 * (a reservation, a charge, a booking) also hands its answer to {@code acquired}, whatever becomes of the
 * subscription.
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

    Mono<Reservation> reserve(Order order, Consumer<Reservation> acquired) {
        return call(callback -> downstream.stock().reserve(order, callback), acquired);
    }

    Mono<Receipt> charge(Payment payment, Consumer<Receipt> acquired) {
        return call(callback -> downstream.payments().charge(payment, callback), acquired);
    }

    Mono<Booking> book(Order order, Consumer<Booking> acquired) {
        return call(callback -> downstream.dispatch().book(order, callback), acquired);
    }

    Mono<Reservation> release(Reservation reservation) {
        return call(callback -> downstream.stock().release(reservation, callback));
    }

    Mono<Receipt> refund(Receipt receipt) {
        return call(callback -> downstream.payments().refund(receipt, callback));
    }

    Mono<Booking> cancelBooking(Booking booking) {
        return call(callback -> downstream.dispatch().cancelBooking(booking, callback));
    }

    Mono<CourierOffer> offer(CourierService courier, Order order) {
        return call(callback -> courier.offer(order, callback));
    }

    List<CourierService> couriers() {
        return downstream.couriers();
    }

    private static <T> Mono<T> call(Function<Callback<T>, Cancellable> start) {
        return call(start, answer -> {});
    }

    private static <T> Mono<T> call(Function<Callback<T>, Cancellable> start, Consumer<? super T> acquired) {
        return Mono.create(sink -> {
            OneCall call = new OneCall();
            // Registered before the call starts: a cancel from another thread that crosses the start (a hedge
            // made on a timer's thread just as the first request's answer cancels it) then waits for the call
            // and cancels it at once. Registered after, it would be carried out only when the starting thread
            // got there, maybe after the answer that cancelled it has travelled on.
            sink.onCancel(call::cancel);
            // An error racing a cancel is dropped to Hooks.onErrorDropped (logged), Reactor's counterpart of
            // RxJava's undeliverable errors; MonoSink has no tryError, and the race is inherent to cancelling.
            // An answer racing a cancel is dropped too (MonoSink.success after a cancel discards it), which is why
            // acquired hears of it first: what the service acquired must not vanish with the signal.
            call.start(() -> start.apply(Callback.of(answer -> {
                acquired.accept(answer);
                sink.success(answer);
            }, sink::error)));
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
