package dev.asyncref.reactive.rxjava;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.Page;
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The downstream services as {@link Single}s: lazy (nothing is called until subscription), one call per
 * subscription, and disposing the subscription cancels the call. A call that acquires something also
 * hands its answer to a consumer, whatever became of the subscription.
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

    Single<Reservation> reserve(Order order, Consumer<Reservation> acquired) {
        return call(callback -> downstream.stock().reserve(order, callback), acquired);
    }

    Single<Receipt> charge(Payment payment, Consumer<Receipt> acquired) {
        return call(callback -> downstream.payments().charge(payment, callback), acquired);
    }

    Single<Booking> book(Order order, Consumer<Booking> acquired) {
        return call(callback -> downstream.dispatch().book(order, callback), acquired);
    }

    Single<Reservation> release(Reservation reservation) {
        return call(callback -> downstream.stock().release(reservation, callback));
    }

    Single<Receipt> refund(Receipt receipt) {
        return call(callback -> downstream.payments().refund(receipt, callback));
    }

    Single<Booking> cancelBooking(Booking booking) {
        return call(callback -> downstream.dispatch().cancelBooking(booking, callback));
    }

    Single<Optional<OrderUpdate>> next(TrackingQuery query) {
        return call(callback -> downstream.tracking().next(query, callback));
    }

    Single<Page> page(PageQuery query) {
        return call(callback -> downstream.history().page(query, callback));
    }

    private static <T> Single<T> call(Function<Callback<T>, Cancellable> start) {
        return call(start, answer -> {});
    }

    /**
     * @param acquired gets the answer before the emitter does, on the downstream thread, even when the
     *     subscription has just been disposed: the emitter drops such an answer, and an answer that acquired
     *     something must not be dropped
     */
    private static <T> Single<T> call(Function<Callback<T>, Cancellable> start, Consumer<T> acquired) {
        return Single.create(emitter -> {
            Starting call = new Starting();
            // Before the call starts, not after: see Starting.
            emitter.setCancellable(call::cancel);
            // tryOnError: an answer racing a dispose must not become an UndeliverableException.
            call.start(() -> start.apply(Callback.of(answer -> {
                acquired.accept(answer);
                emitter.onSuccess(answer);
            }, emitter::tryOnError)));
        });
    }

    /**
     * A call's handle while the call is being started. A call can be subscribed on one thread (a hedge, on
     * its timer's) while another disposes it (a race's winner, about to deliver its answer). Handed to the
     * emitter only once the call has started, the handle would reach a dispose made meanwhile too late: the
     * call would be cancelled after the winner's answer had travelled on. Here that dispose waits the few
     * moments until the call has started, then cancels it; a dispose before the start means no call at all.
     */
    private static final class Starting {

        private Cancellable call;
        private boolean cancelled;

        synchronized void start(Supplier<Cancellable> start) {
            if (!cancelled) {
                call = start.get();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (call != null) {
                call.cancel();
            }
        }
    }
}
