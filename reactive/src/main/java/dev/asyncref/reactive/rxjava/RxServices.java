package dev.asyncref.reactive.rxjava;

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
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The downstream services as {@link Single}s: lazy (nothing is called until subscription), one call per
 * subscription, and disposing the subscription cancels the call. A call that acquires something (a
 * reservation, a charge, a booking) records how to give it back in the operation's {@link Acquired} as it
 * answers.
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

    Single<Reservation> reserve(Order order, Acquired acquired) {
        return call(callback -> downstream.stock().reserve(order, callback), reservation -> acquired.add(
                call(callback -> downstream.stock().release(reservation, callback))));
    }

    Single<Receipt> charge(Payment payment, Acquired acquired) {
        return call(callback -> downstream.payments().charge(payment, callback), receipt -> acquired.add(
                call(callback -> downstream.payments().refund(receipt, callback))));
    }

    Single<Booking> book(Order order, Acquired acquired) {
        return call(callback -> downstream.dispatch().book(order, callback), booking -> acquired.add(
                call(callback -> downstream.dispatch().cancelBooking(booking, callback))));
    }

    private static <T> Single<T> call(Function<Callback<T>, Cancellable> start) {
        return call(start, answer -> {});
    }

    /**
     * @param onAnswer sees the answer before the emitter does, even when the subscription has just been
     *     disposed: the emitter drops such an answer, so what it acquired is recorded here or never
     */
    private static <T> Single<T> call(Function<Callback<T>, Cancellable> start, Consumer<T> onAnswer) {
        return Single.create(emitter -> {
            // tryOnError: an answer racing a dispose must not become an UndeliverableException.
            Cancellable call = start.apply(Callback.of(answer -> {
                onAnswer.accept(answer);
                emitter.onSuccess(answer);
            }, emitter::tryOnError));
            emitter.setCancellable(call::cancel);
        });
    }
}
