package dev.asyncref.reactive.reactor;

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
import dev.asyncref.reactive.reactor.patterns.Adapters;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The downstream services as {@link Mono}s, through {@link Adapters#fromCallback}: lazy (nothing is called
 * until subscription), one call per subscription, and cancelling the subscription cancels the call. A call
 * that acquires something also hands its answer to a consumer, whatever became of the subscription. A stream's
 * calls wait for more: the first request (see {@link #onDemand}). Each call starts with its subscriber's request
 * in the MDC ({@link RequestScope#in}), whichever thread subscribes or requests.
 *
 * <p>Two calls need a thread of their own, each from a pool made for its kind of work:
 * {@link #lookup}, which blocks, on {@link Schedulers#boundedElastic()}, and {@link #plan}, which computes,
 * on {@code planning}, a pool of one thread per core that does nothing else (see {@link #PLANNING}).
 */
final class ReactorServices {

    /**
     * One thread per core for plannings, shared by every pizzeria of the process, as Reactor's own
     * schedulers are; daemon threads, so nobody has to dispose it. Not {@link Schedulers#parallel()}:
     * {@code Mono.delay}, and so every timeout, hedge and retry pause, runs there too, and plannings that
     * fill it would hold every timer back until they end (rule R19.2). An application that owns its pools
     * passes its own to {@link ReactorPizzeria#ReactorPizzeria(Downstream, Scheduler)} and disposes it.
     */
    static final Scheduler PLANNING =
            Schedulers.newParallel("routes", Runtime.getRuntime().availableProcessors(), true);

    private final Downstream downstream;
    private final Scheduler planning;

    ReactorServices(Downstream downstream, Scheduler planning) {
        this.downstream = downstream;
        this.planning = planning;
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

    /** The update after update {@code after} of the order, made on demand; empty once the order is delivered. */
    Mono<OrderUpdate> next(Order order, long after) {
        return ReactorServices.<Optional<OrderUpdate>>onDemand(
                        callback -> downstream.tracking().next(new TrackingQuery(order, after), callback))
                .mapNotNull(update -> update.orElse(null));
    }

    /** Page {@code number} of the customer's past orders, made on demand. */
    Mono<Page> page(String customer, long number) {
        return onDemand(callback -> downstream.history().page(new PageQuery(customer, number), callback));
    }

    /**
     * The customer's address, from a client whose only API blocks: on boundedElastic, whose threads are
     * meant for blocking and outnumber the cores (ten per core), so that slow lookups hold neither the
     * caller nor an event loop, and leave threads for other lookups. Cancelling interrupts the
     * blocked thread (Reactor cancels a running task with an interrupt), which cancels the call.
     */
    Mono<Address> lookup(String customer) {
        return onThreadOf(Schedulers.boundedElastic(), cancelled -> downstream.addresses().lookup(customer));
    }

    /**
     * The route to {@code address}, computed on the planning pool. Cancelling stops it at its next check;
     * one still queued for a thread is dropped from the queue and never starts.
     */
    Mono<Route> plan(Address address) {
        return onThreadOf(planning, cancelled -> downstream.routes().plan(address, cancelled));
    }

    /**
     * {@code work} on a thread of {@code scheduler}, under the subscriber's request, told whether it has been
     * cancelled. A cancel also interrupts the thread if the work is running, and unqueues it if not.
     */
    private static <T> Mono<T> onThreadOf(Scheduler scheduler, Stoppable<T> work) {
        return Mono.defer(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            return Mono.<T>deferContextual(request -> Mono.fromCallable(() -> {
                        try {
                            return RequestScope.calling(request, () -> work.run(cancelled::get));
                        } catch (InterruptedException | CancellationException stopped) {
                            // Stopped by the cancel: no failure, nobody is left to hear it. Thrown, fromCallable
                            // would hand it to Reactor's hook for dropped errors, which logs it at ERROR.
                            if (cancelled.get()) {
                                return null;
                            }
                            throw stopped;
                        }
                    }))
                    .subscribeOn(scheduler)
                    // Before the cancel travels on to subscribeOn, and so before its interrupt.
                    .doOnCancel(() -> cancelled.set(true));
        });
    }

    /** Work that a cancel stops, by the interrupt or by {@code cancelled}, which it polls. */
    @FunctionalInterface
    private interface Stoppable<T> {
        T run(BooleanSupplier cancelled) throws Exception;
    }

    private static <T> Mono<T> call(Function<Callback<T>, Cancellable> start) {
        return call(start, answer -> {});
    }

    /**
     * The call through {@link Adapters#fromCallback}, started with the subscriber's request in the MDC.
     *
     * @param acquired gets the answer before the subscriber does, on the downstream thread, even when the
     *     subscription has just been cancelled: the sink drops such an answer, and an answer that acquired
     *     something must not be dropped
     */
    private static <T> Mono<T> call(Function<Callback<T>, Cancellable> start, Consumer<T> acquired) {
        return Mono.deferContextual(request -> Adapters.<T>fromCallback(answer -> {
            Cancellable call = RequestScope.in(request, () -> start.apply(Callback.of(value -> {
                acquired.accept(value);
                answer.onSuccess(value);
            }, answer::onFailure)));
            return call::cancel;
        }));
    }

    /**
     * A call made on the first request, not on subscription. The operators that loop over a stream's calls
     * ({@code expand}, {@code repeat}) subscribe to the next call as soon as the one before completes, whatever
     * the demand, and hand it only the demand left over: a call that waits for its request is made only for
     * items the subscriber wants. Cancelled before the request, it is never made.
     */
    private static <T> Mono<T> onDemand(Function<Callback<T>, Cancellable> start) {
        return Mono.defer(() -> {
            // MonoSink.onRequest misses a request made on another thread while the sink is being set up (the
            // sink reads its consumer before it records the request, and onRequest reads the record after
            // setting the consumer): asked, set as each request passes on its way in, closes that gap.
            AtomicBoolean asked = new AtomicBoolean();
            return Mono.<T>create(sink -> {
                Starting call = new Starting();
                sink.onCancel(call::cancel);
                // Every request passes here, on the requesting thread, whose MDC may be another request's (a
                // consumer's): the call starts under the subscriber's own. Starting starts on the first only.
                Runnable begin = () -> call.start(sink, () -> start.apply(Callback.of(sink::success, sink::error)));
                sink.onRequest(n -> begin.run());
                if (asked.get()) {
                    begin.run();
                }
            }).doOnRequest(n -> asked.set(true));
        });
    }

    /**
     * A stream's call's handle while the call is being started, as {@link Adapters#fromCallback} keeps its own:
     * the call is started by a request on one thread while another may cancel it. That cancel waits the few
     * moments until the call has started, then cancels it; a cancel before the start means no call at all, and
     * a second start (a second request) does nothing.
     */
    private static final class Starting {

        private Cancellable call;
        private boolean cancelled;

        synchronized void start(MonoSink<?> sink, Supplier<Cancellable> start) {
            if (!cancelled && call == null) {
                call = RequestScope.in(sink.contextView(), start);
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
