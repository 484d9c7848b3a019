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
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Deadline;
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
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Emitter;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleTransformer;
import io.reactivex.rxjava3.functions.Function;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workload with RxJava 3: each operation is a cold {@link Single}, each stream a cold {@link Flowable};
 * nothing happens until it is subscribed, and each subscription runs the operation once.
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the downstream thread that delivered the answer, and the
 *       subscriber runs there, so it must not block. Timers run on the scheduler given at construction, by
 *       default {@link Schedulers#computation()}: a timeout, or the fallback it switches to, is signalled on
 *       its thread ({@code RxComputationThreadPool-N}), and a hedge or a retry is called from there when its
 *       delay is over. {@code planDelivery}'s lookup, whose only API blocks, blocks a thread of the blocking
 *       scheduler ({@link Schedulers#io()}, {@code RxCachedThreadScheduler-N}, a thread per blocked lookup);
 *       its planning computes on the planning scheduler, a thread per core ({@code rx-planning-N}), which
 *       queues what finds them all busy, and its plan is signalled there. An invalid order is signalled on
 *       the subscribing thread. A stream's item already fetched (the rest of a page) may be emitted on the
 *       thread that requests it, and a call that waited for demand starts there.
 *   <li><b>Backpressure.</b> Demand passed through: a stream makes a call only for an item its subscriber
 *       has requested and not yet received, one call at a time ({@code repeatUntil} resubscribes the call
 *       with what is left of the demand). Nothing is fetched ahead but the rest of a page, at most four
 *       orders: no operator with a prefetch, no buffer, and no {@code Flowable.create}, whose emitter
 *       buffers whatever is pushed into it.
 *   <li><b>Cancellation.</b> Disposing the subscription disposes every inner subscription, which cancels
 *       every call in flight and every pending timer (a timeout, a hedge not yet sent, a pause between
 *       retries); no further step, attempt or stream call is subscribed. A blocked lookup is interrupted
 *       (RxJava's schedulers interrupt a task disposed while it runs), which cancels it; a computing planning
 *       stops at its next check of the subscription, and a queued one never starts. {@code placeOrder} then
 *       gives back what it acquired, on a subscription of its own that the dispose does not reach, so a
 *       refund is never cancelled with the operation; but an order kept just before the dispose still
 *       reaches the subscriber, which then holds it and must give it back ({@link #giveBack}, as
 *       {@link RxBridge} does).
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an {@link dev.asyncref.domain.InvalidOrderException},
 *       never an RxJava wrapper nor its {@code TimeoutException}; the first two name the operation and the
 *       request ({@code checkout [request r-7]: step 'charge' failed: ...}). A failed bake disposes the other
 *       bakes before the error travels on, and bakes failing together let only the first through
 *       ({@link FirstFailure}), so none is merged or undeliverable; a race's first offer (or a hedge's first
 *       answer) disposes the losers, and a timeout disposes the late call before its error or fallback travels
 *       on. A failed race or hedge carries every failure; a failed retry the last, with the earlier ones
 *       attached. A failed {@code placeOrder} has given back everything before its error travels on, with the
 *       failure of any give-back attached; after a dispose, one that fails has nothing to travel with and is
 *       logged once, under its request (R12.7), and a call's failure that comes as the caller disposes goes
 *       to nobody (R6.7). A stream's failed call ends it with the items before it already
 *       delivered. No error is left to reach {@code RxJavaPlugins.onError} after a dispose, an interrupted
 *       lookup's included.
 *   <li><b>Context.</b> The request is the SLF4J MDC of the thread that subscribes (for {@code RxBridge},
 *       the caller's), read as it subscribes and handed down the chain by hand as a {@link Request}. Every
 *       downstream call is started, every domain exception made and every operation's last line written
 *       ({@link dev.asyncref.context.OperationLog}, as the outcome passes, before the subscriber gets it)
 *       with that MDC and the operation's name, on whatever thread does it; then that thread gets its own
 *       MDC back. The subscriber's own code runs with whatever MDC its thread has: none on a downstream,
 *       timer, blocking or planning thread.
 * </ul>
 *
 * <p><b>Why the request is passed by hand.</b> RxJava has no context of its own. The alternative is a
 * global hook: {@code RxJavaPlugins.setScheduleHandler} wrapping each scheduled {@code Runnable} to copy
 * the MDC, or subscribe hooks ({@code setOnSingleSubscribe} and its siblings) wrapping every observer to put
 * the subscriber's MDC back around each signal, as OpenTelemetry's RxJava 3 instrumentation does with its
 * context. Either would leave the operations' code untouched, but:
 * <ul>
 *   <li>the hooks are global: they change every RxJava chain in the JVM; each hook point holds one handler,
 *       so the last library to install one must wrap the one before it (OpenTelemetry does), and
 *       {@code RxJavaPlugins.reset()}, which tests call to undo their own handlers, silently removes them;
 *   <li>the schedule hook misses most hops here: an answer arrives on a service's own thread through a
 *       callback, not through a scheduler. The subscribe hooks do cover those signals, but at a cost on every
 *       operator of every chain, and still miss what runs outside a signal: a give-back started as a
 *       subscription is disposed, on the disposing thread with its MDC, perhaps another request's.
 * </ul>
 * Passed by hand, the request costs a parameter to each service call and a wrapper around each exception
 * made; a place that forgets it loses the id, which the contract's many-requests tests catch.
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
     * @param timers times every timeout and deadline, and signals them; a {@code TestScheduler} makes that
     *     virtual time
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
        return operation(OperationName.QUOTE, request -> accepted(order)
                .flatMap(valid -> services.quote(request, valid).onErrorResumeNext(request.failedAt(QUOTE))));
    }

    public Single<Receipt> checkout(Order order) {
        return operation(OperationName.CHECKOUT, request -> accepted(order)
                .flatMap(valid -> services.quote(request, valid).onErrorResumeNext(request.failedAt(QUOTE)))
                .flatMap(quote -> services.charge(request, new Payment(order.customer(), quote.total()))
                        .onErrorResumeNext(request.failedAt(CHARGE))));
    }

    public Single<List<BakedPizza>> bake(Order order) {
        return operation(OperationName.BAKE, request -> accepted(order)
                .flatMap(valid -> {
                    FirstFailure failures = new FirstFailure();
                    return Flowable.fromIterable(valid.pizzas())
                            // concatMapEager subscribes to every bake at once and emits in the order's order.
                            .concatMapEager(pizza -> services.bake(request, pizza)
                                    .onErrorResumeNext(failures.firstOnly(request.failedAt(BAKE))).toFlowable())
                            .toList();
                }));
    }

    public Single<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH,
                request -> accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                        // flatMapSingle without delayErrors: the first failure disposes the other bakes, then fails
                        // the batch.
                        .flatMap(valid -> {
                            FirstFailure failures = new FirstFailure();
                            return inOvens(valid.pizzas(), ovens, pizza -> services.bake(request, pizza)
                                    .onErrorResumeNext(failures.firstOnly(request.failedAt(BAKE))));
                        }));
    }

    public Single<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH_OUTCOMES,
                request -> accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                        // Each bake turns its own failure into a value, so no error reaches flatMapSingle and nothing
                        // stops.
                        .flatMap(valid -> inOvens(valid.pizzas(), ovens, pizza -> services.bake(request, pizza)
                                .<BakeOutcome>map(BakeOutcome.Baked::new)
                                .onErrorReturn(error ->
                                        new BakeOutcome.Failed(pizza, request.get(() -> BAKE.failed(error)))))));
    }

    public Single<CourierOffer> findCourier(Order order) {
        return operation(OperationName.FIND_COURIER,
                request -> accepted(order).flatMap(valid -> firstOffer(request, valid)));
    }

    public Single<Quote> quoteWithin(Order order, Duration timeout) {
        return operation(OperationName.QUOTE_WITHIN,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                        // The call races the timer (see timer for why not timeout), outside failedAt so that a
                        // timeout is never taken for the menu's failure.
                        .flatMap(valid -> beforeTimer(
                                services.quote(request, valid).onErrorResumeNext(request.failedAt(QUOTE)),
                                timer(timeout).andThen(
                                        Single.error(() -> request.get(() -> QUOTE.timedOut(timeout)))))));
    }

    public Single<Receipt> checkoutWithin(Order order, Duration deadline) {
        return operation(OperationName.CHECKOUT_WITHIN,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(deadline)).flatMap(valid -> {
                    // Started on subscription, not assembly: a Single built now and subscribed later gets its
                    // whole budget.
                    Deadline due = Deadline.in(deadline);
                    return services.quote(request, valid).onErrorResumeNext(request.failedAt(QUOTE))
                            .compose(within(request, due, QUOTE))
                            .flatMap(quote -> services.charge(request, new Payment(order.customer(), quote.total()))
                                    .onErrorResumeNext(request.failedAt(CHARGE))
                                    .compose(within(request, due, CHARGE)));
                }));
    }

    public Single<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return operation(OperationName.FIND_COURIER_WITHIN,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                        // The timer's win disposes the race, and so every courier call, before the fallback
                        // travels on.
                        .flatMap(valid -> beforeTimer(firstOffer(request, valid),
                                timer(timeout).toSingleDefault(CourierOffer.OWN_DRIVER))));
    }

    public Single<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return operation(OperationName.QUOTE_HEDGED,
                request -> accepted(order, () -> OrderValidation.requireValidHedgeDelay(hedgeAfter))
                        // The hedge is the same call, subscribed when its timer fires; the race disposes that timer
                        // with the loser, so a first answer in time, or a dispose, sends no hedge.
                        .flatMap(valid -> firstSuccess(request, QUOTE, List.of(
                                services.quote(request, valid),
                                services.quote(request, valid).delaySubscription(timer(hedgeAfter))))));
    }

    public Single<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return operation(OperationName.QUOTE_WITH_RETRIES,
                request -> accepted(order, () -> OrderValidation.requireValidRetries(retries))
                        .flatMap(valid -> Single.defer(() -> {
                            // Per subscription: a Single subscribed twice reports each run's own failures. A plain
                            // list, since each attempt starts only after the previous failure was added.
                            List<Throwable> failures = new ArrayList<>();
                            return services.quote(request, valid)
                                    .doOnError(failures::add)
                                    // Each failure either resubscribes the call after its pause, or ends the
                                    // retries with all of them. A dispose during a pause disposes its timer; during
                                    // a call, it cancels the call, which then signals nothing, so a cancelled
                                    // attempt never comes here.
                                    .retryWhen(errors -> errors.concatMapSingle(error -> {
                                        int retry = failures.size();
                                        if (!DownstreamException.worthRetrying(error) || retry == retries.attempts()) {
                                            return Single.error(request.get(() -> QUOTE.failedAfter(failures)));
                                        }
                                        return timer(retries.backoffBefore(retry, ThreadLocalRandom.current()))
                                                .toSingleDefault(retry);
                                    }));
                        })));
    }

    public Single<PlacedOrder> placeOrder(Order order, Duration deadline) {
        return operation(OperationName.PLACE_ORDER,
                request -> accepted(order, () -> OrderValidation.requireValidTimeout(deadline))
                        .flatMap(valid -> Single.using(
                                () -> new GiveBacks(request),
                                giveBacks -> reserveChargeBook(request, valid, Deadline.in(deadline), giveBacks)
                                        // Everything goes back before the failure travels on, on a subscription of
                                        // its own: a dispose meanwhile stops the waiting, never a give-back.
                                        .onErrorResumeNext(giveBacks::giveBackThenFail)
                                        // A dispose that got here first gave everything back: nothing to keep,
                                        // nobody to tell. Not flatMap: it drops a kept order if a dispose lands
                                        // before it subscribes the inner Single, and then nobody gives it back.
                                        // filter and switchIfEmpty hand a kept order on even to a subscriber that
                                        // has just disposed, which then holds it (RxBridge).
                                        .filter(placed -> giveBacks.keep())
                                        .switchIfEmpty(Single.never()),
                                // Runs once the subscription ends; not eager, so that after a dispose the step in
                                // flight is cancelled before anything goes back.
                                GiveBacks::giveBackTheRest,
                                false)));
    }

    public Single<DeliveryPlan> planDelivery(Order order) {
        return operation(OperationName.PLAN_DELIVERY, request -> accepted(order)
                // The lookup blocks its thread: one of the blocking scheduler's, which a dispose interrupts.
                .flatMap(valid -> services.address(request, valid.customer())
                        .subscribeOn(blocking)
                        .onErrorResumeNext(request.failedAt(ADDRESS))
                        // The planning computes on the planning scheduler, which queues what finds every core busy;
                        // a dispose stops it at its next check, or, still queued, before it starts.
                        .flatMap(address -> services.route(request, address)
                                .subscribeOn(planning)
                                .onErrorResumeNext(request.failedAt(ROUTE))
                                .map(route -> new DeliveryPlan(valid, address, route)))));
    }

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
     * Bakes the pizzas with at most {@code ovens} bakes subscribed at once, results in the pizzas' order.
     * flatMapSingle and not concatMapEager: concatMapEager asks for the next pizza only when the oldest bake
     * is done, so one slow pizza leaves the ovens that finished after it idle; flatMapSingle asks as soon as
     * any bake is done, and each result's position puts the list back in order.
     */
    private static <T> Single<List<T>> inOvens(List<Pizza> pizzas, int ovens, Function<Pizza, Single<T>> bake) {
        return Flowable.range(0, pizzas.size())
                .flatMapSingle(position -> bake.apply(pizzas.get(position))
                        .map(result -> new Placed<>(position, result)), false, ovens)
                .toSortedList(Comparator.comparingInt(Placed::position))
                .map(placed -> placed.stream().map(Placed::result).toList());
    }

    /** Asks every courier at once and takes the first offer. */
    private Single<CourierOffer> firstOffer(Request request, Order valid) {
        return firstSuccess(request, FIND_COURIER, services.couriers().stream()
                .map(courier -> services.offer(request, courier, valid))
                .toList());
    }

    /**
     * Subscribes every alternative at once, in the list's order, and takes the first success; an
     * alternative's failure is a loss, not the result, and when all fail, {@code step} fails with every
     * failure.
     */
    private static <T> Single<T> firstSuccess(Request request, Step step, List<Single<T>> alternatives) {
        return Single.defer(() -> {
            // Each failure is set aside and ends its Maybe empty, so the race goes on past it (Single.amb
            // would not: its winner is the first signal, errors included). A failure left inside the merge
            // (mergeDelayError) would be reported as undeliverable once the winner disposes it, and so would
            // one passing doOnError as the race is disposed: onErrorComplete's predicate sets it aside instead.
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            return Maybe.merge(alternatives.stream()
                            .map(alternative -> alternative.toMaybe().onErrorComplete(failures::add))
                            .toList())
                    .firstElement() // takes the first success and disposes the losers
                    .switchIfEmpty(Single.error(() -> request.get(() -> step.allFailed(List.copyOf(failures)))));
        });
    }

    /**
     * Gives a step what is left of the deadline when it starts, so that the timeout names the step in
     * progress; a step due to start after the deadline fails without being called.
     */
    private <T> SingleTransformer<T, T> within(Request request, Deadline deadline, Step step) {
        return call -> Single.defer(() -> {
            Duration left = deadline.remaining();
            return left.isPositive()
                    ? beforeTimer(call,
                            timer(left).andThen(Single.error(() -> request.get(() -> deadline.passedAt(step)))))
                    : Single.error(request.get(() -> deadline.passedAt(step)));
        });
    }

    /**
     * Reserves, charges and books in turn, each step within what is left of the deadline; each answer
     * records its give-back as it arrives.
     */
    private Single<PlacedOrder> reserveChargeBook(Request request, Order valid, Deadline deadline,
            GiveBacks giveBacks) {
        return services.reserve(request, valid,
                        reservation -> giveBacks.acquired(services.release(request, reservation)))
                .onErrorResumeNext(request.failedAt(RESERVE))
                .compose(within(request, deadline, RESERVE))
                .flatMap(reservation -> services.charge(request, new Payment(valid.customer(), Menu.priceOf(valid)),
                                receipt -> giveBacks.acquired(services.refund(request, receipt)))
                        .onErrorResumeNext(request.failedAt(CHARGE))
                        .compose(within(request, deadline, CHARGE))
                        .flatMap(receipt -> services.book(request, valid,
                                        booking -> giveBacks.acquired(services.cancelBooking(request, booking)))
                                .onErrorResumeNext(request.failedAt(BOOK))
                                .compose(within(request, deadline, BOOK))
                                .map(booking -> new PlacedOrder(reservation, receipt, booking))));
    }

    /**
     * The first to end of a call and its timer (the timeout's error or the fallback), the other disposed
     * before the outcome travels on. {@code ambWith} alone does this, but hands a loser's error that arrives
     * as the winner ends (a call failing just as its timeout fires) to {@code RxJavaPlugins.onError}, as
     * undeliverable; materialized, both outcomes race as values, and a losing value goes nowhere (R9.8).
     */
    private static <T> Single<T> beforeTimer(Single<T> call, Single<T> timer) {
        return call.materialize().ambWith(timer.materialize()).dematerialize(outcome -> outcome).toSingle();
    }

    /**
     * A timer on the pizzeria's scheduler, disposed with whatever it belongs to: a call races it
     * ({@link #beforeTimer}, which subscribes the call first, the timer second, and disposes the loser before
     * the winner's signal travels on), a hedge waits for it, a retry pauses on it. Not Single.timeout: it arms
     * its timer before it subscribes the call, so subscribing eats into the call's time and, while the code is
     * still cold, can outlast it: the timeout then fires before the call is even made.
     */
    private Completable timer(Duration limit) {
        // Capped as Deadline caps it: a timeout of centuries is simply that long, never an overflow.
        return Completable.timer(Math.min(NANOSECONDS.convert(limit), Long.MAX_VALUE / 2), NANOSECONDS, timers);
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

    /** One pizza's result and the pizza's position in the order. */
    private record Placed<T>(int position, T result) {}
}
