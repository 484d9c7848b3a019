package dev.asyncref.futures;

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
import dev.asyncref.futures.patterns.Adapters;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The downstream services as futures: each call's future completes on a downstream thread with the
 * service's answer or its error (unwrapped), and cancelling the future cancels the call
 * ({@link Adapters#fromCallback}, which the patterns rely on to stop a loser or a late call). A call that
 * acquires something also hands its answer to a consumer, however its future ends. The two that need a
 * thread of their own, the legacy lookup that blocks and the planning that computes, run on the pool they
 * are given, and cancelling their future interrupts that thread ({@link InterruptibleTask}).
 */
final class FutureServices {

    private final Downstream downstream;

    FutureServices(Downstream downstream) {
        this.downstream = downstream;
    }

    CompletableFuture<Quote> quote(Order order) {
        return call(callback -> downstream.menu().quote(order, callback));
    }

    CompletableFuture<Receipt> charge(Payment payment) {
        return call(callback -> downstream.payments().charge(payment, callback));
    }

    CompletableFuture<BakedPizza> bake(Pizza pizza) {
        return call(callback -> downstream.kitchen().bake(pizza, callback));
    }

    CompletableFuture<Reservation> reserve(Order order, Consumer<Reservation> acquired) {
        return call(callback -> downstream.stock().reserve(order, alsoTo(acquired, callback)));
    }

    CompletableFuture<Receipt> charge(Payment payment, Consumer<Receipt> acquired) {
        return call(callback -> downstream.payments().charge(payment, alsoTo(acquired, callback)));
    }

    CompletableFuture<Booking> book(Order order, Consumer<Booking> acquired) {
        return call(callback -> downstream.dispatch().book(order, alsoTo(acquired, callback)));
    }

    CompletableFuture<Reservation> release(Reservation reservation) {
        return call(callback -> downstream.stock().release(reservation, callback));
    }

    CompletableFuture<Receipt> refund(Receipt receipt) {
        return call(callback -> downstream.payments().refund(receipt, callback));
    }

    CompletableFuture<Booking> cancelBooking(Booking booking) {
        return call(callback -> downstream.dispatch().cancelBooking(booking, callback));
    }

    CompletableFuture<Optional<OrderUpdate>> next(TrackingQuery query) {
        return call(callback -> downstream.tracking().next(query, callback));
    }

    CompletableFuture<Page> page(PageQuery query) {
        return call(callback -> downstream.history().page(query, callback));
    }

    CompletableFuture<CourierOffer> offer(CourierService courier, Order order) {
        return call(callback -> courier.offer(order, callback));
    }

    /**
     * Looks the address up on a thread of {@code blocking}, which the legacy client holds until the answer;
     * cancelling the future interrupts that thread, which cancels the call.
     */
    CompletableFuture<Address> lookup(String customer, Executor blocking) {
        return InterruptibleTask.start(() -> downstream.addresses().lookup(customer), blocking);
    }

    /**
     * Plans the route on a thread of {@code planning}; cancelling the future interrupts the planning, which
     * stops at its next check, or keeps a planning still queued from starting.
     */
    CompletableFuture<Route> plan(Address to, Executor planning) {
        return InterruptibleTask.start(() -> downstream.routes().plan(to, Thread.currentThread()::isInterrupted),
                planning);
    }

    List<CourierService> couriers() {
        return downstream.couriers();
    }

    /** One call of a callback service, as the patterns' adapter makes it: its future cancels the call. */
    private static <T> CompletableFuture<T> call(Function<Callback<T>, Cancellable> start) {
        return Adapters.fromCallback(answer -> start.apply(Callback.of(answer::onSuccess, answer::onFailure))::cancel);
    }

    /**
     * Hands an answer to {@code acquired} before the future sees it, on the downstream thread, even if the
     * future was cancelled meanwhile: a cancelled future drops a late answer, and an answer that acquired
     * something must not be dropped.
     */
    private static <T> Callback<T> alsoTo(Consumer<T> acquired, Callback<T> callback) {
        return Callback.of(answer -> {
            acquired.accept(answer);
            callback.onSuccess(answer);
        }, callback::onFailure);
    }
}
