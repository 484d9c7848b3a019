package dev.asyncref.reactive.rxjava;

import dev.asyncref.domain.Address;
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
import dev.asyncref.domain.Route;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.reactive.rxjava.patterns.Adapters;
import io.micrometer.context.ContextSnapshot;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The downstream services as {@link Single}s: lazy (nothing is called until subscription), one call per
 * subscription, and disposing the subscription cancels the call ({@link Adapters#fromCallback}, which the
 * patterns rely on to stop a loser or a late call). A call that acquires something also hands its answer to
 * a consumer, whatever became of the subscription. Each call starts with the MDC of the {@link Request} it
 * is made for, on whatever thread subscribes it.
 */
final class RxServices {

    private final Downstream downstream;

    RxServices(Downstream downstream) {
        this.downstream = downstream;
    }

    Single<Quote> quote(Request request, Order order) {
        return call(request, callback -> downstream.menu().quote(order, callback));
    }

    Single<Receipt> charge(Request request, Payment payment) {
        return call(request, callback -> downstream.payments().charge(payment, callback));
    }

    Single<BakedPizza> bake(Request request, Pizza pizza) {
        return call(request, callback -> downstream.kitchen().bake(pizza, callback));
    }

    Single<CourierOffer> offer(Request request, CourierService courier, Order order) {
        return call(request, callback -> courier.offer(order, callback));
    }

    List<CourierService> couriers() {
        return downstream.couriers();
    }

    Single<Reservation> reserve(Request request, Order order, Consumer<Reservation> acquired) {
        return call(request, callback -> downstream.stock().reserve(order, callback), acquired);
    }

    Single<Receipt> charge(Request request, Payment payment, Consumer<Receipt> acquired) {
        return call(request, callback -> downstream.payments().charge(payment, callback), acquired);
    }

    Single<Booking> book(Request request, Order order, Consumer<Booking> acquired) {
        return call(request, callback -> downstream.dispatch().book(order, callback), acquired);
    }

    Single<Reservation> release(Request request, Reservation reservation) {
        return call(request, callback -> downstream.stock().release(reservation, callback));
    }

    Single<Receipt> refund(Request request, Receipt receipt) {
        return call(request, callback -> downstream.payments().refund(receipt, callback));
    }

    Single<Booking> cancelBooking(Request request, Booking booking) {
        return call(request, callback -> downstream.dispatch().cancelBooking(booking, callback));
    }

    Single<Optional<OrderUpdate>> next(Request request, TrackingQuery query) {
        return call(request, callback -> downstream.tracking().next(query, callback));
    }

    Single<Page> page(Request request, PageQuery query) {
        return call(request, callback -> downstream.history().page(query, callback));
    }

    /**
     * The legacy address book's lookup, which blocks the thread that subscribes until the address arrives:
     * subscribe it on a scheduler meant for blocking. Disposing the subscription interrupts that thread
     * (RxJava's schedulers interrupt a task disposed while it runs), which cancels the call.
     */
    Single<Address> address(Request request, String customer) {
        // Not fromCallable: a lookup ended by the dispose's interrupt would reach RxJavaPlugins.onError as an
        // undeliverable error; tryOnError drops it, as nobody is left to tell.
        return Single.create(emitter -> {
            Address address;
            try (ContextSnapshot.Scope _ = request.open()) {
                address = downstream.addresses().lookup(customer);
            } catch (InterruptedException | RuntimeException failure) {
                emitter.tryOnError(failure);
                return;
            }
            emitter.onSuccess(address);
        });
    }

    /**
     * The route to {@code address}, computed on the thread that subscribes: subscribe it on a scheduler
     * bounded to the cores. Disposing the subscription stops the computing at its next check.
     */
    Single<Route> route(Request request, Address address) {
        return Single.create(emitter -> {
            Route route;
            try (ContextSnapshot.Scope _ = request.open()) {
                route = downstream.routes().plan(address, emitter::isDisposed);
            } catch (RuntimeException failure) { // a CancellationException once disposed, dropped as above
                emitter.tryOnError(failure);
                return;
            }
            emitter.onSuccess(route);
        });
    }

    private static <T> Single<T> call(Request request, Function<Callback<T>, Cancellable> start) {
        return call(request, start, answer -> {});
    }

    /**
     * One call of a callback service, as the patterns' adapter makes it: disposing cancels the call, even one
     * still starting, and a failure racing a dispose reaches nobody. Whatever thread subscribes (the
     * subscriber's, a downstream or a timer thread), the call starts with the request's MDC, which the service
     * copies as an HTTP client copies it into a header.
     *
     * @param acquired gets the answer before the adapter does, on the downstream thread, even when the
     *     subscription has just been disposed: the adapter drops such an answer, and an answer that acquired
     *     something must not be dropped
     */
    private static <T> Single<T> call(Request request, Function<Callback<T>, Cancellable> start, Consumer<T> acquired) {
        return Adapters.fromCallback(answer -> request.get(() -> start.apply(Callback.of(value -> {
            acquired.accept(value);
            answer.onSuccess(value);
        }, answer::onFailure)))::cancel);
    }
}
