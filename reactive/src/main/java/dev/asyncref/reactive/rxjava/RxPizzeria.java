package dev.asyncref.reactive.rxjava;

import static dev.asyncref.domain.Step.ADDRESS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.BOOK;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.HISTORY;
import static dev.asyncref.domain.Step.QUOTE;
import static dev.asyncref.domain.Step.RESERVE;
import static dev.asyncref.domain.Step.ROUTE;
import static dev.asyncref.domain.Step.TRACK;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Page;
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.reactive.rxjava.patterns.BoundedConcurrency;
import dev.asyncref.reactive.rxjava.patterns.FirstSuccess;
import dev.asyncref.reactive.rxjava.patterns.GiveBacks;
import dev.asyncref.reactive.rxjava.patterns.Hedge;
import dev.asyncref.reactive.rxjava.patterns.Retry;
import dev.asyncref.reactive.rxjava.patterns.TimeLimits;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Emitter;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.functions.Function;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workload with RxJava 3: each operation is a cold {@link Single}, each stream a cold {@link Flowable};
 * nothing happens until it is subscribed, and each subscription runs the operation once. The patterns are the
 * helpers of {@code dev.asyncref.reactive.rxjava.patterns}, given plain {@code Single}s and the domain's names
 * for their failures.
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the downstream thread that delivered the answer, and the subscriber
 *       runs there, so it must not block. Timers run on the scheduler given at construction, by default
 *       {@link Schedulers#computation()}: a timeout or its fallback is signalled on its thread, and a hedge or
 *       a retry is subscribed there when its delay is over. An invalid order is signalled on the subscribing
 *       thread.
 *   <li><b>Blocking and CPU-bound work.</b> {@code planDelivery}'s lookup, whose only API blocks, blocks a
 *       thread of the blocking scheduler; its planning computes on the planning scheduler, a thread per core
 *       ({@link #planDelivery}).
 *   <li><b>Context.</b> The request is the SLF4J MDC of the thread that subscribes, read as it subscribes and
 *       handed down the chain by hand as a {@link Request} (why by hand: there). Every downstream call is
 *       started, every domain exception made and every operation's last line written with it, on whatever
 *       thread does it. The subscriber's own code runs with whatever MDC its thread has.
 *   <li><b>Cancellation.</b> Disposing the subscription cancels every call in flight and every pending timer
 *       (a timeout, a hedge not yet sent, a pause between retries), and subscribes no further step, attempt or
 *       stream call; a blocked lookup is interrupted, a computing planning stops at its next check.
 *       {@code placeOrder} gives back what it acquired all the same ({@link #placeOrder}).
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link TimedOutException} or an {@link dev.asyncref.domain.InvalidOrderException}, never an RxJava
 *       wrapper nor its {@code TimeoutException}; the first two name the operation and the request. Whatever
 *       ends an operation disposes its leftover calls (a failed bake's siblings, a race's losers, a late call)
 *       before the outcome travels on. No error reaches {@code RxJavaPlugins.onError}, after a dispose either.
 *   <li><b>Backpressure.</b> A stream makes a call only for an item its subscriber has requested and not yet
 *       received, one call at a time; nothing is fetched ahead but the rest of a page ({@link #track}).
 * </ul>
 */
public final class RxPizzeria {

    /**
     * The plannings' scheduler: a thread per core, shared by every pizzeria in the JVM as the cores are.
     * Not {@link Schedulers#computation()}, RxJava's CPU scheduler, because it is also RxJava's timer
     * scheduler: the default of every {@code timeout}, {@code delay} and {@code interval}, here and anywhere
     * else in the application. Plannings filling its threads would hold every timer back until one of them
     * ended. Moving this pizzeria's timers elsewhere ({@link Schedulers#single()}) would save its own timers
     * only, and put them all on one thread.
     */
    private static final Scheduler PLANNING = Schedulers.from(Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(),
            Thread.ofPlatform().name("rx-planning-", 1).daemon().factory()));

    private final RxServices services;
    private final Scheduler timers;
    private final Scheduler blocking;
    private final Scheduler planning;

    public RxPizzeria(Downstream downstream) {
        this(downstream, Schedulers.computation());
    }

    /**
     * @param timers times every timeout, deadline, hedge's delay and retry's pause, and signals or subscribes
     *     what follows them; a {@code TestScheduler} makes that virtual time
     */
    public RxPizzeria(Downstream downstream, Scheduler timers) {
        this(downstream, timers, Schedulers.io(), PLANNING);
    }

    /**
     * @param timers as above
     * @param blocking runs the blocking lookups, one thread each for as long as it blocks, and interrupts a
     *     lookup disposed while it blocks; by default {@link Schedulers#io()}, RxJava's scheduler for blocking,
     *     which has no bound: a flood of slow lookups is a flood of threads. Give it a bounded pool
     *     ({@code Schedulers.from(executor)}, interrupting) sized to what the legacy system can take.
     * @param planning runs the CPU-bound plannings; by default a pool of one thread per core, not RxJava's
     *     computation scheduler (see the field {@code PLANNING})
     */
    public RxPizzeria(Downstream downstream, Scheduler timers, Scheduler blocking, Scheduler planning) {
        this.services = new RxServices(downstream);
        this.timers = Objects.requireNonNull(timers, "timers");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.planning = Objects.requireNonNull(planning, "planning");
    }

    public Single<Quote> quote(Order order) {
        return operation(OperationName.QUOTE, request -> accepted(order).flatMap(valid -> quote(valid, request)));
    }

    public Single<Receipt> checkout(Order order) {
        return operation(OperationName.CHECKOUT, request -> accepted(order)
                .flatMap(valid -> quote(valid, request))
                .flatMap(quote -> charge(order, quote, request)));
    }

    /** Every pizza at once: bounded by nothing but the order, failing fast all the same. */
    public Single<List<BakedPizza>> bake(Order order) {
        return operation(OperationName.BAKE, request -> accepted(order)
                .flatMap(valid -> BoundedConcurrency.inOrder(valid.pizzas(), valid.pizzas().size(),
                        pizza -> bakeOne(pizza, request))));
    }

    public Single<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH,
                request -> accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                        .flatMap(valid -> BoundedConcurrency.inOrder(valid.pizzas(), ovens,
                                pizza -> bakeOne(pizza, request))));
    }

    public Single<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH_OUTCOMES,
                request -> accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                        .flatMap(valid -> BoundedConcurrency.inOrderCollectingAll(valid.pizzas(), ovens,
                                pizza -> services.bake(request, pizza).<BakeOutcome>map(BakeOutcome.Baked::new),
                                (pizza, failure) -> new BakeOutcome.Failed(pizza,
                                        request.get(() -> BAKE.failed(failure))))));
    }

    /** A failed race carries every courier's failure. */
    public Single<CourierOffer> findCourier(Order order) {
        return operation(OperationName.FIND_COURIER,
                request -> accepted(order).flatMap(valid -> firstOffer(valid, request)));
    }

    public Single<Quote> quoteWithin(Order order, Duration timeout) {
        return operation(OperationName.QUOTE_WITHIN,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                        .flatMap(valid -> TimeLimits.withTimeout(quote(valid, request), timeout,
                                () -> request.get(() -> QUOTE.timedOut(timeout)), timers)));
    }

    public Single<Receipt> checkoutWithin(Order order, Duration deadline) {
        return operation(OperationName.CHECKOUT_WITHIN,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(deadline)).flatMap(valid -> {
                    // Started on subscription, not assembly: a Single built now and subscribed later gets its
                    // whole budget.
                    TimeLimits.Deadline end = TimeLimits.Deadline.in(deadline);
                    return beforeDeadline(end, deadline, QUOTE, quote(valid, request), request)
                            .flatMap(quote -> beforeDeadline(end, deadline, CHARGE, charge(order, quote, request),
                                    request));
                }));
    }

    /**
     * Our own driver when no courier has offered within {@code timeout}, once every courier call is disposed;
     * a fallback for late couriers only: when all of them said no in time, the race's failure stands (R9.5).
     */
    public Single<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return operation(OperationName.FIND_COURIER_WITHIN,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                        .flatMap(valid -> TimeLimits.withTimeout(firstOffer(valid, request), timeout,
                                        () -> FIND_COURIER.timedOut(timeout), timers)
                                .onErrorResumeNext(failure -> failure instanceof TimedOutException
                                        ? Single.just(CourierOffer.OWN_DRIVER)
                                        : Single.error(failure))));
    }

    /** Both requests' failures, when both fail; a dispose before the delay sends no hedge. */
    public Single<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return operation(OperationName.QUOTE_HEDGED,
                request -> accepted(order, () -> OrderValidation.requireValidHedgeDelay(hedgeAfter))
                        .flatMap(valid -> Hedge.hedged(services.quote(request, valid), hedgeAfter,
                                failures -> request.get(() -> QUOTE.allFailed(failures)), timers)));
    }

    /** A failed retry carries the last failure as its cause, the earlier ones suppressed. */
    public Single<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return operation(OperationName.QUOTE_WITH_RETRIES,
                request -> accepted(order, () -> OrderValidation.requireValidRetries(retries))
                        .flatMap(valid -> Retry.retrying(services.quote(request, valid),
                                new Retry.Backoff(retries.attempts(), retries.firstBackoff(), retries.jitter()),
                                DownstreamException::worthRetrying,
                                failures -> request.get(() -> QUOTE.failedAfter(failures)), timers)));
    }

    /**
     * Reserves, charges and books in turn, each step within what is left of the deadline, each answer
     * recording its give-back as it arrives. A failed order has given back everything, latest first, before
     * its error travels on, with the failure of any give-back suppressed on it; the give-backs run on a
     * subscription of their own, so a dispose meanwhile stops the waiting, never a give-back, and the failure
     * then goes to nobody. A dispose gives back what was acquired once the step in flight is cancelled; a
     * give-back failing then is logged once, under its request (R12.7). An order kept just before the dispose
     * still reaches the subscriber, which then holds it and must give it back ({@link #giveBack}, as
     * {@link RxBridge} does).
     */
    public Single<PlacedOrder> placeOrder(Order order, Duration deadline) {
        return operation(OperationName.PLACE_ORDER,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(deadline)).flatMap(valid -> {
                    GiveBacks giveBacks = new GiveBacks(failure ->
                            request.run(() -> OperationLog.giveBackFailed(failure)));
                    // Set by whichever comes first: the order kept for the subscriber, or the end of the
                    // subscription giving back what is left; so an order is never both delivered and given back.
                    AtomicBoolean settled = new AtomicBoolean();
                    TimeLimits.Deadline end = TimeLimits.Deadline.in(deadline);
                    return beforeDeadline(end, deadline, RESERVE, reserve(valid, giveBacks, request), request)
                            .flatMap(reservation -> beforeDeadline(end, deadline, CHARGE,
                                            charge(valid, giveBacks, request), request)
                                    .flatMap(receipt -> beforeDeadline(end, deadline, BOOK,
                                                    book(valid, giveBacks, request), request)
                                            .map(booking -> new PlacedOrder(reservation, receipt, booking))))
                            .onErrorResumeNext(failure -> giveBacks.giveBackAll()
                                    .flatMap(failed -> Single.error(withSuppressed(failure, failed))))
                            // Not flatMap: it drops a kept order if a dispose lands before it subscribes the inner
                            // Single, and then nobody gives it back. filter and switchIfEmpty hand a kept order on
                            // even to a subscriber that has just disposed, which then holds it (RxBridge).
                            .filter(placed -> settled.compareAndSet(false, true))
                            .switchIfEmpty(Single.never())
                            // doFinally, not doOnDispose: it disposes the step in flight before anything goes back.
                            .doFinally(() -> {
                                if (settled.compareAndSet(false, true)) {
                                    giveBacks.giveBackAllUnheard();
                                }
                            });
                }));
    }

    /**
     * Looks the customer's address up, then plans the route to it; the plan is signalled on the planning
     * scheduler's thread.
     */
    public Single<DeliveryPlan> planDelivery(Order order) {
        return operation(OperationName.PLAN_DELIVERY, request -> accepted(order)
                .flatMap(valid -> lookUpAddress(valid, request)
                        .flatMap(address -> planRoute(valid, address, request))));
    }

    /**
     * Makes a tracking call only for an update its subscriber has requested and not yet received, one call at a
     * time ({@code repeatUntil} resubscribes the call with what is left of the demand): no operator with a
     * prefetch, no buffer, and no {@code Flowable.create}, whose emitter buffers whatever is pushed into it. A
     * call that waited for demand starts on the thread that requests. A failed call ends the stream with the
     * updates before it already delivered.
     */
    public Flowable<OrderUpdate> track(Order order) {
        return stream(OperationName.TRACK, request -> accepted(order).flatMapPublisher(valid -> {
            // Per subscription (flatMapPublisher maps each subscription's order), so that each subscriber tracks
            // from the first update. Atomic: the next call starts on whichever thread brings the demand, the
            // subscriber's or the one that delivered the answer before.
            AtomicLong received = new AtomicLong();
            AtomicBoolean delivered = new AtomicBoolean();
            return whenRequested(Single.defer(() -> services.next(request, new TrackingQuery(valid, received.get())))
                            .onErrorResumeNext(request.failedAt(TRACK))
                            .flatMapMaybe(Maybe::fromOptional)
                            .doOnSuccess(update -> received.set(update.sequence()))
                            .doOnComplete(() -> delivered.set(true)) // an empty answer: nothing follows
                            .toFlowable())
                    // Resubscribes the call once the last one has answered, and hands it what is left of the
                    // demand; an error ends the repeating.
                    .repeatUntil(delivered::get);
        }));
    }

    /**
     * As {@link #track}, a page at a time: nothing is fetched ahead but the rest of a page, at most four
     * orders, which may be emitted on the thread that requests them.
     */
    public Flowable<PastOrder> history(String customer) {
        return stream(OperationName.HISTORY, request -> accepted(customer).flatMapPublisher(valid -> {
            // Per subscription and atomic, as in track.
            AtomicLong received = new AtomicLong();
            AtomicBoolean last = new AtomicBoolean();
            return whenRequested(Single.defer(() -> services.page(request, new PageQuery(valid, received.get() + 1)))
                            .onErrorResumeNext(request.failedAt(HISTORY))
                            .doOnSuccess(page -> {
                                received.set(page.number());
                                last.set(page.last());
                            })
                            // Emits the page's orders as they are requested, and completes after the last: the
                            // next page waits for demand beyond this one.
                            .flattenAsFlowable(Page::orders))
                    .repeatUntil(last::get);
        }));
    }

    /**
     * Gives back everything {@code placed} holds, latest first: the booking cancelled, the charge refunded,
     * the reservation released; a give-back that fails stops no other, and the error, if any, comes at the
     * end. For an order that was placed just as its caller went away ({@link RxBridge}), subscribed with the
     * MDC of the request it was placed for.
     */
    public Completable giveBack(PlacedOrder placed) {
        return Completable.defer(() -> {
            Request request = Request.of(OperationName.PLACE_ORDER);
            return Completable.concatArrayDelayError(
                    services.cancelBooking(request, placed.booking()).ignoreElement(),
                    services.refund(request, placed.receipt()).ignoreElement(),
                    services.release(request, placed.reservation()).ignoreElement());
        });
    }

    private Single<Quote> quote(Order order, Request request) {
        return services.quote(request, order).onErrorResumeNext(request.failedAt(QUOTE));
    }

    private Single<Receipt> charge(Order order, Quote quote, Request request) {
        return services.charge(request, new Payment(order.customer(), quote.total()))
                .onErrorResumeNext(request.failedAt(CHARGE));
    }

    private Single<BakedPizza> bakeOne(Pizza pizza, Request request) {
        return services.bake(request, pizza).onErrorResumeNext(request.failedAt(BAKE));
    }

    private Single<Reservation> reserve(Order order, GiveBacks giveBacks, Request request) {
        return services.reserve(request, order,
                        reservation -> giveBacks.acquired(services.release(request, reservation).ignoreElement()))
                .onErrorResumeNext(request.failedAt(RESERVE));
    }

    private Single<Receipt> charge(Order order, GiveBacks giveBacks, Request request) {
        return services.charge(request, new Payment(order.customer(), Menu.priceOf(order)),
                        receipt -> giveBacks.acquired(services.refund(request, receipt).ignoreElement()))
                .onErrorResumeNext(request.failedAt(CHARGE));
    }

    private Single<Booking> book(Order order, GiveBacks giveBacks, Request request) {
        return services.book(request, order,
                        booking -> giveBacks.acquired(services.cancelBooking(request, booking).ignoreElement()))
                .onErrorResumeNext(request.failedAt(BOOK));
    }

    /** Asks every courier at once and takes the first offer. */
    private Single<CourierOffer> firstOffer(Order order, Request request) {
        return FirstSuccess.firstSuccess(services.couriers().stream()
                        .map(courier -> services.offer(request, courier, order))
                        .toList(),
                failures -> request.get(() -> FIND_COURIER.allFailed(failures)));
    }

    /** The lookup blocks its thread: one of the blocking scheduler's, which a dispose interrupts. */
    private Single<Address> lookUpAddress(Order order, Request request) {
        return services.address(request, order.customer())
                .subscribeOn(blocking)
                .onErrorResumeNext(request.failedAt(ADDRESS));
    }

    /**
     * The planning computes on the planning scheduler, which queues what finds every core busy; a dispose stops
     * it at its next check, or, still queued, before it starts.
     */
    private Single<DeliveryPlan> planRoute(Order order, Address address, Request request) {
        return services.route(request, address)
                .subscribeOn(planning)
                .onErrorResumeNext(request.failedAt(ROUTE))
                .map(route -> new DeliveryPlan(order, address, route));
    }

    /**
     * One run of an operation for each subscription, for the request its subscriber is in: read as it
     * subscribes, so that a {@code Single} assembled for one request and subscribed for another runs for the
     * second. The operation's last line ({@link OperationLog}) is written as its outcome passes by, on the
     * thread that brings it, before its subscriber gets it; a dispose writes none.
     */
    private static <T> Single<T> operation(OperationName name, Function<Request, Single<T>> operation) {
        return Single.defer(() -> {
            Request request = Request.of(name);
            return operation.apply(request)
                    .doOnSuccess(result -> request.run(OperationLog::succeeded))
                    .doOnError(failure -> request.run(() -> OperationLog.failed(failure)));
        });
    }

    /** {@link #operation}, for a stream: its last line as it completes or fails. */
    private static <T> Flowable<T> stream(OperationName name, Function<Request, Flowable<T>> stream) {
        return Flowable.defer(() -> {
            Request request = Request.of(name);
            return stream.apply(request)
                    .doOnComplete(() -> request.run(OperationLog::succeeded))
                    .doOnError(failure -> request.run(() -> OperationLog.failed(failure)));
        });
    }

    private static Single<Order> accepted(Order order) {
        return Single.fromCallable(() -> OrderValidation.requireValid(order));
    }

    /**
     * The order, then the operation's own parameter ({@code alsoValid}), in one lazy check: an invalid order
     * reads as in R5 whatever the parameter, and either is an {@code onError} after {@code onSubscribe}.
     */
    private static Single<Order> accepted(Order order, Runnable alsoValid) {
        return Single.fromCallable(() -> {
            Order valid = OrderValidation.requireValid(order);
            alsoValid.run();
            return valid;
        });
    }

    /** Judged lazily, as an order is, so that a customer missing is an {@code onError} after {@code onSubscribe}. */
    private static Single<String> accepted(String customer) {
        return Single.fromCallable(() -> OrderValidation.requireValidCustomer(customer));
    }

    /**
     * {@code call}, a step of an operation bound by {@code end}: not subscribed once it has passed, and
     * disposed, then failed with the step's timeout, when it passes while the step is in progress.
     */
    private <T> Single<T> beforeDeadline(TimeLimits.Deadline end, Duration limit, Step step, Single<T> call,
            Request request) {
        return TimeLimits.beforeDeadline(end, call, () -> request.get(() -> step.timedOut(limit)), timers);
    }

    /**
     * {@code call}, subscribed only once its subscriber requests an item. No RxJava operator that maps to calls
     * waits for demand: a {@code Single} calls when subscribed, and {@code concatMapSingle}, even with a prefetch
     * of 1, subscribes the next call as soon as the one before has answered: a call before the first request,
     * then a page fetched ahead of demand (R13.2, R14.3). {@code Flowable.generate} runs its generator only on
     * request: an empty one ends at the first request, and {@code concatWith} then subscribes the call with that
     * demand; a cancel before it means no call.
     */
    private static <T> Flowable<T> whenRequested(Flowable<T> call) {
        return Flowable.<T>generate(Emitter::onComplete).concatWith(call);
    }

    private static Throwable withSuppressed(Throwable failure, List<Throwable> suppressed) {
        suppressed.forEach(failure::addSuppressed);
        return failure;
    }
}
