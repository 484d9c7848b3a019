package dev.asyncref.reactive.reactor;

import static dev.asyncref.context.OperationName.BAKE_BATCH;
import static dev.asyncref.context.OperationName.BAKE_BATCH_OUTCOMES;
import static dev.asyncref.context.OperationName.CHECKOUT;
import static dev.asyncref.context.OperationName.CHECKOUT_WITHIN;
import static dev.asyncref.context.OperationName.FIND_COURIER_WITHIN;
import static dev.asyncref.context.OperationName.PLACE_ORDER;
import static dev.asyncref.context.OperationName.PLAN_DELIVERY;
import static dev.asyncref.context.OperationName.QUOTE_HEDGED;
import static dev.asyncref.context.OperationName.QUOTE_WITHIN;
import static dev.asyncref.context.OperationName.QUOTE_WITH_RETRIES;
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
import static dev.asyncref.reactive.reactor.RequestScope.failure;
import static dev.asyncref.reactive.reactor.RequestScope.in;
import static dev.asyncref.reactive.reactor.RequestScope.operation;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

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
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.reactive.reactor.patterns.BoundedConcurrency;
import dev.asyncref.reactive.reactor.patterns.FirstSuccess;
import dev.asyncref.reactive.reactor.patterns.GiveBacks;
import dev.asyncref.reactive.reactor.patterns.Hedge;
import dev.asyncref.reactive.reactor.patterns.Retry;
import dev.asyncref.reactive.reactor.patterns.TimeLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The workload with Project Reactor: each operation is a cold {@link Mono}, each stream a cold {@link Flux};
 * nothing happens until it is subscribed, and each subscription runs the operation once. The patterns are the
 * helpers of {@code dev.asyncref.reactive.reactor.patterns}, given plain Monos and the functions that name
 * their failures.
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the downstream thread that delivered the answer, and the subscriber
 *       runs there, so it must not block. Only timers involve a scheduler, the one {@code Mono.delay} and
 *       {@code Retry.backoff} default to, {@link reactor.core.scheduler.Schedulers#parallel()}: a timeout, a
 *       fallback, a hedge and, as a rule, a retry start or are signalled on its threads ({@code parallel-N}).
 *       An invalid order or customer is signalled on the subscribing thread.
 *   <li><b>Blocking and CPU-bound work.</b> Only {@link #planDelivery} has any: its lookup blocks a thread
 *       meant for blocking, its planning keeps one of the cores busy, never one of {@code parallel}'s, which
 *       are the timers' (rule R19.2). BlockHound, in this module's tests, fails any blocking call on a
 *       {@code parallel} or {@code routes} thread.
 *   <li><b>Context.</b> The request travels in Reactor's {@code Context}, not on a thread: the caller's
 *       correlation id, as {@code contextCapture()} reads it from the MDC when it subscribes
 *       ({@link ReactorBridge} does), and the operation's name. The MDC is set from it only where something
 *       reads it, and put back right after: each call as it starts, each failure as it is made, and the end
 *       line ({@link RequestScope}). The caller's own MDC is never changed.
 *   <li><b>Cancellation.</b> Cancelling the subscription cancels every call in flight and every pending
 *       timer, a hedge's delay and a retry's pause included; no further step or call is subscribed, and a
 *       cancelled attempt is not retried. The give-backs of {@link #placeOrder} are not cancelled.
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an {@link dev.asyncref.domain.InvalidOrderException},
 *       never a Reactor wrapper, its {@code TimeoutException} or its {@code RetryExhaustedException}, made with
 *       the request's MDC set, so that it names the operation and the request ({@code checkout [request r-7]:
 *       step 'charge' failed: ...}). Whatever ends an operation cancels its leftover calls (a failed bake's
 *       siblings, a race's losers, a late call) before the error travels on. A call's failure that comes as the
 *       caller cancels goes to nobody (R6.7).
 *   <li><b>Backpressure.</b> Demand passed through, never a prefetch: a stream makes each call only once its
 *       subscriber has requested more than the calls before brought ({@link #track}, {@link #history}).
 * </ul>
 */
public final class ReactorPizzeria {

    private final ReactorServices services;

    /** A pizzeria that plans on the planning pool every pizzeria of the process shares. */
    public ReactorPizzeria(Downstream downstream) {
        this(downstream, ReactorServices.PLANNING);
    }

    /**
     * A pizzeria that plans on {@code planning}, which its owner disposes: a pool of no more threads than
     * cores, that runs no timers (rule R19.2), so not {@link reactor.core.scheduler.Schedulers#parallel()}.
     */
    public ReactorPizzeria(Downstream downstream, Scheduler planning) {
        this.services = new ReactorServices(downstream, planning);
    }

    public Mono<Quote> quote(Order order) {
        return operation(OperationName.QUOTE, accepted(order).flatMap(this::quoted));
    }

    public Mono<Receipt> checkout(Order order) {
        return operation(CHECKOUT, accepted(order)
                .flatMap(valid -> quoted(valid).flatMap(quote -> charge(valid, quote))));
    }

    /**
     * Bakes every pizza at once, results in the order's order; the first failed bake cancels the others before
     * it travels on, and bakes failing together let only the first through, none merged or dropped
     * ({@link BoundedConcurrency#inOrder}).
     */
    public Mono<List<BakedPizza>> bake(Order order) {
        // Bounded by nothing but the order, failing fast all the same.
        return operation(OperationName.BAKE, accepted(order)
                .flatMap(valid -> BoundedConcurrency.inOrder(valid.pizzas(), valid.pizzas().size(), this::bakeOne)));
    }

    /** As {@link #bake}, with at most {@code ovens} bakes in flight; a free oven takes the next pizza at once. */
    public Mono<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return operation(BAKE_BATCH, accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                .flatMap(valid -> BoundedConcurrency.inOrder(valid.pizzas(), ovens, this::bakeOne)));
    }

    public Mono<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return operation(BAKE_BATCH_OUTCOMES, request -> accepted(order,
                        () -> OrderValidation.requireValidOvens(ovens))
                .flatMap(valid -> BoundedConcurrency.inOrderCollectingAll(valid.pizzas(), ovens,
                        pizza -> services.bake(pizza).<BakeOutcome>map(BakeOutcome.Baked::new),
                        (pizza, failure) -> in(request, () -> new BakeOutcome.Failed(pizza, BAKE.failed(failure))))));
    }

    public Mono<CourierOffer> findCourier(Order order) {
        return operation(OperationName.FIND_COURIER, accepted(order).flatMap(this::firstOffer));
    }

    public Mono<Quote> quoteWithin(Order order, Duration timeout) {
        return operation(QUOTE_WITHIN, request -> accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                .flatMap(valid -> TimeLimits.withTimeout(quoted(valid), timeout,
                        () -> in(request, () -> QUOTE.timedOut(timeout)))));
    }

    public Mono<Receipt> checkoutWithin(Order order, Duration deadline) {
        return operation(CHECKOUT_WITHIN, accepted(order, () -> OrderValidation.requireValidTimeout(deadline))
                .flatMap(valid -> {
                    // Started on subscription, not assembly: a Mono built now and subscribed later gets its whole
                    // budget.
                    TimeLimits.Deadline due = TimeLimits.Deadline.in(deadline);
                    return beforeDeadline(due, deadline, QUOTE, quoted(valid))
                            .flatMap(quote -> beforeDeadline(due, deadline, CHARGE, charge(valid, quote)));
                }));
    }

    /**
     * The first courier's offer, or the pizzeria's own driver once {@code timeout} has passed: the timer's win
     * cancels the race, and so every courier call, before the fallback travels on, on the timer's thread.
     */
    public Mono<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return operation(FIND_COURIER_WITHIN, accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                .flatMap(valid -> firstOffer(valid).or(timer(timeout).thenReturn(CourierOffer.OWN_DRIVER))));
    }

    /** The hedge is made from the timer's thread ({@code parallel-N}) when its delay is over. */
    public Mono<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return operation(QUOTE_HEDGED, request -> accepted(order,
                        () -> OrderValidation.requireValidHedgeDelay(hedgeAfter))
                .flatMap(valid -> Hedge.hedged(services.quote(valid), hedgeAfter,
                        failures -> in(request, () -> QUOTE.allFailed(failures)))));
    }

    /**
     * Each retry is made from the timer's thread ({@code parallel-N}) when its pause is over, as a rule: Reactor's
     * retry loop may make it from the thread that delivered the failure.
     */
    public Mono<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return operation(QUOTE_WITH_RETRIES, request -> accepted(order,
                        () -> OrderValidation.requireValidRetries(retries))
                .flatMap(valid -> Retry.retrying(services.quote(valid),
                        new Retry.Backoff(retries.attempts(), retries.firstBackoff(), retries.jitter()),
                        DownstreamException::worthRetrying,
                        failures -> in(request, () -> QUOTE.failedAfter(failures)))));
    }

    /**
     * Reserves, charges and books in turn, each step within what is left of the deadline; what each call
     * acquired is recorded from the call's own answer ({@link GiveBacks}), and given back if the order is not
     * placed.
     *
     * <p>A failed or timed-out order is signalled once what it acquired is given back, each failed give-back
     * suppressed in its error; the first give-back is made from the thread that signalled the failure (a
     * downstream thread, or the timer's after a timeout), each next one from the thread that delivered the
     * previous one's answer. After a cancel, usingWhen gives back through a subscription of its own, which
     * nothing cancels: a give-back that fails then has nothing to travel with and is logged once, under its
     * request (R12.7), and a step's failure still waiting for its give-backs reaches nobody (R12.8). Reactive
     * Streams lets an answer cross a cancel (rule 2.8): a subscriber that cancels just as the order is placed
     * may still receive it, and then holds it: {@link #giveBack} gives it back, as {@link ReactorBridge} does.
     */
    public Mono<PlacedOrder> placeOrder(Order order, Duration deadline) {
        // usingWhen outermost, the order checked inside it: usingWhen hands a kept order straight to the
        // subscriber, even one that has just cancelled (see giveBack), where an operator after it, a cancelled
        // flatMap say, would discard the order and what it holds. The end line comes after the give-backs.
        return operation(PLACE_ORDER, request -> Mono.usingWhen(
                Mono.fromSupplier(() -> new GiveBacks(
                        failed -> in(request, () -> OperationLog.giveBackFailed(failed)))),
                giveBacks -> accepted(order, () -> OrderValidation.requireValidTimeout(deadline)).flatMap(valid -> {
                    // In the request's Context (R17.3): a give-back may run after the operation has ended, for a
                    // subscriber that has none.
                    Consumer<Mono<?>> acquired = giveBack -> giveBacks.acquired(giveBack.contextWrite(request));
                    TimeLimits.Deadline due = TimeLimits.Deadline.in(deadline);
                    return beforeDeadline(due, deadline, RESERVE, reserve(valid, acquired)).flatMap(reservation ->
                            beforeDeadline(due, deadline, CHARGE, charge(valid, acquired)).flatMap(receipt ->
                            beforeDeadline(due, deadline, BOOK, book(valid, acquired)).map(booking ->
                            new PlacedOrder(reservation, receipt, booking))));
                }),
                // usingWhen settles once, with one of three: kept; given back before the failure travels on; or,
                // on cancellation, given back by a subscription of usingWhen's own.
                giveBacks -> Mono.empty(),
                (giveBacks, failure) -> giveBacks.giveBackAll()
                        .doOnNext(failed -> failed.forEach(failure::addSuppressed)),
                GiveBacks::giveBackAllUnheard));
    }

    /**
     * Gives back everything {@code placed} holds, latest first: the booking cancelled, the charge refunded,
     * the reservation released; a give-back that fails stops no other, and the error, if any, comes at the
     * end. For an order that reached its subscriber just as the subscriber cancelled, which Reactive Streams
     * allows (rule 2.8), as {@link ReactorBridge} does with one its cancelled stage refuses.
     */
    public Mono<Void> giveBack(PlacedOrder placed) {
        return Flux.concatDelayError(
                        services.cancelBooking(placed.booking()),
                        services.refund(placed.receipt()),
                        services.release(placed.reservation()))
                .then();
    }

    /**
     * Looks the customer's address up, then plans the route there; each step starts only once the one before
     * has answered. The lookup, a blocking call, runs on
     * {@link reactor.core.scheduler.Schedulers#boundedElastic()} ({@code boundedElastic-N}: threads meant for
     * blocking, ten per core, so more lookups than cores block at once); the planning on a pool of one thread per
     * core that runs nothing else ({@code routes-N}, shared by the process, or the one given to the
     * constructor). The plan is signalled on the planning's thread, a lookup's failure on the lookup's.
     * Cancelling interrupts a blocked lookup, which cancels the call, and stops a planning at its next check; a
     * planning still queued for a thread is taken off the queue and never starts.
     */
    public Mono<DeliveryPlan> planDelivery(Order order) {
        return operation(PLAN_DELIVERY, accepted(order)
                .flatMap(valid -> lookUpAddress(valid).flatMap(address -> planRoute(valid, address))));
    }

    /**
     * The order's updates, one call per update requested, made from the thread that requests (the subscriber's,
     * or the downstream thread of the update in whose {@code onNext} it requests more); each update arrives on
     * the downstream thread that answered. Cancelling cancels the call in flight, and no further call is made.
     */
    public Flux<OrderUpdate> track(Order order) {
        // expand and not expandDeep: expand subscribes to the next call once the one before completes and hands
        // it the demand left, which a call on demand (ReactorServices.next) waits for; expandDeep requests
        // each call as it subscribes, so it would always poll once ahead of the subscriber. hide(): flatMapMany
        // reads a Callable source (fromCallable) while subscribing and signals its error even to a subscriber
        // that cancelled in onSubscribe (R16.3); hidden, the source sees the cancel and signals nothing.
        return operation(OperationName.TRACK, accepted(order).hide().flatMapMany(valid -> updateAfter(valid, 0)
                .expand(update -> updateAfter(valid, update.sequence()))));
    }

    /**
     * The customer's past orders, a page fetched only when the demand goes beyond the pages before, so at most
     * the rest of one page is held; so {@code limitRate} has nothing to bound. The usual paging tools fetch
     * ahead: {@code flatMapIterable} asks for 256 pages, {@code concatMapIterable} for 32, and even with a
     * prefetch of 1 for the first page on subscription and for the next as soon as the last one is spent.
     */
    public Flux<PastOrder> history(String customer) {
        // repeat, not the usual expand over pages: pages must then be flattened into orders, and every operator
        // that flattens asks for the next page once the last is spent, wanted or not. A round of repeat fetches
        // one page and lists its orders, starting with the demand the rounds before left.
        // hide(), as in track: no invalid customer's error for a subscriber that cancelled in onSubscribe.
        return operation(OperationName.HISTORY, acceptedCustomer(customer).hide().flatMapMany(valid -> {
            // One per subscription, as flatMapMany maps each subscription's customer: the page to fetch next,
            // 0 once the last page is in.
            AtomicLong next = new AtomicLong(1);
            return Flux.defer(() -> services.page(valid, next.get()))
                    .onErrorResume(error -> failure(() -> HISTORY.failed(error)))
                    .doOnNext(page -> next.set(page.last() ? 0 : page.number() + 1))
                    // Without prefetch, concatMap asks for the page on the first request for an order, where
                    // concatMapIterable would ask on subscription, so at once on every round.
                    .concatMap(page -> Flux.fromIterable(page.orders()), 0)
                    .repeat(() -> next.get() > 0);
        }));
    }

    private Mono<Quote> quoted(Order valid) {
        return services.quote(valid).onErrorResume(error -> failure(() -> QUOTE.failed(error)));
    }

    private Mono<Receipt> charge(Order valid, Quote quote) {
        return services.charge(new Payment(valid.customer(), quote.total()))
                .onErrorResume(error -> failure(() -> CHARGE.failed(error)));
    }

    private Mono<BakedPizza> bakeOne(Pizza pizza) {
        return services.bake(pizza).onErrorResume(error -> failure(() -> BAKE.failed(error)));
    }

    private Mono<Reservation> reserve(Order valid, Consumer<Mono<?>> acquired) {
        return services.reserve(valid, reservation -> acquired.accept(services.release(reservation)))
                .onErrorResume(error -> failure(() -> RESERVE.failed(error)));
    }

    private Mono<Receipt> charge(Order valid, Consumer<Mono<?>> acquired) {
        return services.charge(new Payment(valid.customer(), Menu.priceOf(valid)),
                        receipt -> acquired.accept(services.refund(receipt)))
                .onErrorResume(error -> failure(() -> CHARGE.failed(error)));
    }

    private Mono<Booking> book(Order valid, Consumer<Mono<?>> acquired) {
        return services.book(valid, booking -> acquired.accept(services.cancelBooking(booking)))
                .onErrorResume(error -> failure(() -> BOOK.failed(error)));
    }

    /** Asks every courier at once and takes the first offer; a courier's failure is a loss, not the result. */
    private Mono<CourierOffer> firstOffer(Order valid) {
        return Mono.deferContextual(request -> FirstSuccess.firstSuccess(services.couriers().stream()
                        .map(courier -> services.offer(courier, valid))
                        .toList(),
                failures -> in(request, () -> FIND_COURIER.allFailed(failures))));
    }

    private Mono<Address> lookUpAddress(Order valid) {
        return services.lookup(valid.customer()).onErrorResume(error -> failure(() -> ADDRESS.failed(error)));
    }

    private Mono<DeliveryPlan> planRoute(Order valid, Address address) {
        return services.plan(address)
                .onErrorResume(error -> failure(() -> ROUTE.failed(error)))
                .map(route -> new DeliveryPlan(valid, address, route));
    }

    /** The order's update after {@code sequence}, on demand; empty once the order is delivered. */
    private Mono<OrderUpdate> updateAfter(Order valid, long sequence) {
        return services.next(valid, sequence).onErrorResume(error -> failure(() -> TRACK.failed(error)));
    }

    private static Mono<Order> accepted(Order order) {
        return Mono.fromCallable(() -> OrderValidation.requireValid(order));
    }

    /**
     * The order, then the operation's own parameter ({@code alsoValid}), in one lazy check: an invalid order
     * reads as in R5 whatever the parameter, and either is an {@code onError} after {@code onSubscribe}.
     */
    private static Mono<Order> accepted(Order order, Runnable alsoValid) {
        return Mono.fromCallable(() -> {
            Order valid = OrderValidation.requireValid(order);
            alsoValid.run();
            return valid;
        });
    }

    private static Mono<String> acceptedCustomer(String customer) {
        return Mono.fromCallable(() -> OrderValidation.requireValidCustomer(customer));
    }

    /**
     * {@code step} of an operation bound by {@code due}: not subscribed once it has passed, and cancelled, then
     * failed with the step's timeout (made with the request's MDC set), when it passes while the step is in
     * progress.
     */
    private static <T> Mono<T> beforeDeadline(TimeLimits.Deadline due, Duration limit, Step step, Mono<T> call) {
        return Mono.deferContextual(request -> TimeLimits.beforeDeadline(due, call,
                () -> in(request, () -> step.timedOut(limit))));
    }

    /**
     * A timer for a call to race with {@code or}, rather than {@code Mono.timeout} (see {@link TimeLimits} for
     * why). Capped: a timeout of centuries is simply that long, never an overflow of Mono.delay's nanoseconds.
     */
    private static Mono<Long> timer(Duration limit) {
        return Mono.delay(Duration.ofNanos(Math.min(NANOSECONDS.convert(limit), Long.MAX_VALUE / 2)));
    }
}
