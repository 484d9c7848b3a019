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
import static dev.asyncref.reactive.reactor.RequestScope.made;
import static dev.asyncref.reactive.reactor.RequestScope.operation;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

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
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * The workload with Project Reactor: each operation is a cold {@link Mono}, each stream a cold {@link Flux};
 * nothing happens until it is subscribed, and each subscription runs the operation once.
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the downstream thread that delivered the answer, and the
 *       subscriber runs there, so it must not block. Besides {@code planDelivery}'s two steps (below), only
 *       timers involve a scheduler, the one {@code Mono.delay} and {@code Retry.backoff} default to,
 *       {@link reactor.core.scheduler.Schedulers#parallel()}: a timeout, or the fallback it switches to, is
 *       signalled on its thread ({@code parallel-N}), and a
 *       hedge is made from there when its delay is over; so is a retry after its pause, as a rule, but
 *       Reactor's retry loop may make it from the thread that delivered the failure. The first give-back of
 *       {@code placeOrder} is made from the thread that signalled the failure (a downstream thread, or the
 *       timer's after a timeout) or the cancellation, each next one from the thread that delivered the
 *       previous one's answer. A stream's call is made from the thread that requests (the subscriber's, or
 *       the downstream thread of the item in whose {@code onNext} it requests more), and its items and end
 *       arrive on the downstream thread that answered. An invalid order or customer is signalled on the
 *       subscribing thread.
 *   <li><b>Blocking and CPU-bound work.</b> {@code planDelivery}'s address lookup, a blocking call, runs on
 *       {@link reactor.core.scheduler.Schedulers#boundedElastic()} ({@code boundedElastic-N}: threads meant
 *       for blocking, ten per core, so more lookups than cores block at once), and its planning on a pool of
 *       one thread per core that runs nothing else ({@code routes-N}, shared by the process, or the one given
 *       to the constructor), never on {@code parallel}, whose threads are the timers' (rule R19.2). Its
 *       result is signalled on the planning's thread, a lookup's failure on the lookup's. BlockHound, in this
 *       module's tests, fails any blocking call on a {@code parallel} or {@code routes} thread.
 *   <li><b>Context.</b> The request travels in Reactor's {@code Context}, not on a thread: the caller's
 *       correlation id as {@code contextCapture()} reads it from the MDC when it subscribes (as
 *       {@link ReactorBridge} does; a Reactor caller may do the same), and the operation's name, which each
 *       operation adds. The MDC is set from it only where something reads it, and put back right after:
 *       around each call as it starts, each failure as it is made, and the end line
 *       ({@link dev.asyncref.context.OperationLog}), written on the thread that ends the operation before
 *       the outcome travels on (see {@link RequestScope}). A stream's calls carry its subscriber's id,
 *       whichever thread requests. The caller's own MDC is never changed.
 *   <li><b>Cancellation.</b> Cancelling the subscription cancels every inner subscription, which cancels
 *       every call in flight and every pending timer, a hedge's delay and a retry's pause included; no further
 *       step or call is subscribed, and a cancelled attempt is not retried. The give-backs of
 *       {@code placeOrder} are not cancelled: usingWhen gives back on cancellation through a subscription of
 *       its own, which runs to the end ({@link GiveBacks#giveBackAllUnheard}). Reactive Streams lets
 *       an answer cross a cancellation (rule 2.8): what a call acquired is recorded from the call's own
 *       answer ({@link GiveBacks}), and a subscriber that cancels just as the order is placed may still
 *       receive it, and then holds it: {@link #giveBack} gives it back, as {@link ReactorBridge} does.
 *       Cancelling a stream cancels its call in flight, and no further call is made. Cancelling
 *       {@code planDelivery} interrupts a blocked lookup, which cancels the call, and stops a planning at its
 *       next check; a planning still queued for a thread is taken off the queue and never starts.
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an {@link dev.asyncref.domain.InvalidOrderException},
 *       never a Reactor wrapper nor its {@code TimeoutException} or {@code RetryExhaustedException}; a failed
 *       bake cancels the other bakes before the error travels on, and bakes failing together let only the
 *       first through ({@link FirstFailure}), so none is merged or dropped; a race's or a hedge's first answer
 *       cancels the losers, and a timeout cancels the late call before its error or fallback travels on. A
 *       hedged quote fails only once both requests have failed, a retried one with every attempt's failure. A
 *       failed or timed-out {@code placeOrder} is signalled once what it acquired is given back, with each
 *       failed give-back suppressed in its error; after a cancel, one that fails has nothing to travel with
 *       and is logged once, under its request (R12.7), and a call's failure that comes as the caller cancels
 *       goes to nobody (R6.7). A stream's failed call ends it with one
 *       {@link dev.asyncref.domain.StepFailedException} ({@code track}, {@code history}), after the items
 *       before it. Every failure is made with the request's MDC set, so its message and accessors name the
 *       operation and the request: {@code checkout [request r-7]: step 'charge' failed: ...}.
 *   <li><b>Backpressure.</b> Demand passed through, never a prefetch: each call of a stream waits for a
 *       request ({@code ReactorServices.next} and {@code page}), and the loops over them, {@code expand} and
 *       {@code repeat}, hand the next call only the demand left. Tracking polls once per update requested;
 *       history fetches a page only when the demand goes beyond the pages before, and holds at most the rest
 *       of one page. So {@code limitRate} has nothing to bound. The usual paging tools fetch ahead:
 *       {@code flatMapIterable} asks for 256 pages, {@code concatMapIterable} for 32, and even with a prefetch
 *       of 1 for the first page on subscription and for the next as soon as the last one is spent.
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
        return operation(OperationName.QUOTE, accepted(order)
                .flatMap(valid -> services.quote(valid).onErrorResume(error -> failure(() -> QUOTE.failed(error)))));
    }

    public Mono<Receipt> checkout(Order order) {
        return operation(CHECKOUT, accepted(order)
                .flatMap(valid -> services.quote(valid).onErrorResume(error -> failure(() -> QUOTE.failed(error))))
                .flatMap(quote -> services.charge(new Payment(order.customer(), quote.total()))
                        .onErrorResume(error -> failure(() -> CHARGE.failed(error)))));
    }

    public Mono<List<BakedPizza>> bake(Order order) {
        return operation(OperationName.BAKE, accepted(order)
                .flatMap(valid -> {
                    FirstFailure failures = new FirstFailure();
                    return Flux.fromIterable(valid.pizzas())
                            // flatMapSequential subscribes to every bake at once and emits in the order's order.
                            .flatMapSequential(pizza -> services.bake(pizza)
                                    .onErrorResume(failures.firstOnly(error -> failure(() -> BAKE.failed(error)))))
                            .collectList();
                }));
    }

    public Mono<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return operation(BAKE_BATCH, accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                // flatMap's default error mode: the first failure cancels the other bakes, then fails the batch.
                .flatMap(valid -> {
                    FirstFailure failures = new FirstFailure();
                    return inOvens(valid.pizzas(), ovens, pizza -> services.bake(pizza)
                            .onErrorResume(failures.firstOnly(error -> failure(() -> BAKE.failed(error)))));
                }));
    }

    public Mono<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return operation(BAKE_BATCH_OUTCOMES, accepted(order, () -> OrderValidation.requireValidOvens(ovens))
                // Each bake turns its own failure into a value, so no error reaches flatMap and nothing stops.
                .flatMap(valid -> inOvens(valid.pizzas(), ovens, pizza -> services.bake(pizza)
                        .<BakeOutcome>map(BakeOutcome.Baked::new)
                        .onErrorResume(error -> made(() -> new BakeOutcome.Failed(pizza, BAKE.failed(error)))))));
    }

    public Mono<CourierOffer> findCourier(Order order) {
        return operation(OperationName.FIND_COURIER, accepted(order).flatMap(this::firstOffer));
    }

    public Mono<Quote> quoteWithin(Order order, Duration timeout) {
        return operation(QUOTE_WITHIN, accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                // or races the call against the timer (see timer for why not timeout), outside the failure's
                // mapping so that a timeout is never taken for the menu's failure.
                .flatMap(valid -> services.quote(valid).onErrorResume(error -> failure(() -> QUOTE.failed(error)))
                        .or(timer(timeout).then(failure(() -> QUOTE.timedOut(timeout))))));
    }

    public Mono<Receipt> checkoutWithin(Order order, Duration deadline) {
        return operation(CHECKOUT_WITHIN, accepted(order, () -> OrderValidation.requireValidTimeout(deadline))
                .flatMap(valid -> {
                    // Started on subscription, not assembly: a Mono built now and subscribed later gets its whole
                    // budget.
                    Deadline due = Deadline.in(deadline);
                    return services.quote(valid).onErrorResume(error -> failure(() -> QUOTE.failed(error)))
                            .transform(within(due, QUOTE))
                            .flatMap(quote -> services.charge(new Payment(order.customer(), quote.total()))
                                    .onErrorResume(error -> failure(() -> CHARGE.failed(error)))
                                    .transform(within(due, CHARGE)));
                }));
    }

    public Mono<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return operation(FIND_COURIER_WITHIN, accepted(order, () -> OrderValidation.requireValidTimeout(timeout))
                // The timer's win cancels the race, and so every courier call, before the fallback travels on.
                .flatMap(valid -> firstOffer(valid)
                        .or(timer(timeout).thenReturn(CourierOffer.OWN_DRIVER))));
    }

    public Mono<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return operation(QUOTE_HEDGED, accepted(order, () -> OrderValidation.requireValidHedgeDelay(hedgeAfter))
                // The hedge waits behind a timer inside the race: an answer before the delay cancels the timer as
                // a loser, so no hedge ever follows; a failure is only a loss, so the timer runs on.
                .flatMap(valid -> firstSuccess(QUOTE, List.of(
                        services.quote(valid),
                        timer(hedgeAfter).then(services.quote(valid))))));
    }

    public Mono<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return operation(QUOTE_WITH_RETRIES, accepted(order, () -> OrderValidation.requireValidRetries(retries))
                .flatMap(valid -> Mono.defer(() -> {
                    // Per subscription, each run reporting its own attempts, whose failures arrive on various
                    // threads.
                    List<Throwable> failures = new CopyOnWriteArrayList<>();
                    return services.quote(valid)
                            .doOnError(failures::add)
                            // Retries only what fails: a cancelled attempt signals nothing, so nothing retries it.
                            .retryWhen(Retry.backoff(retries.attempts() - 1, retries.firstBackoff())
                                    .jitter(retries.jitter())
                                    .filter(DownstreamException::worthRetrying)
                                    // Else exhaustion fails with Reactor's RetryExhaustedException around the failure.
                                    .onRetryExhaustedThrow((spec, exhausted) -> exhausted.failure()))
                            // Whatever ended the retries, exhaustion or a failure not worth retrying, reports
                            // every attempt.
                            .onErrorResume(last -> failure(() -> QUOTE.failedAfter(failures)));
                })));
    }

    public Mono<PlacedOrder> placeOrder(Order order, Duration deadline) {
        // usingWhen outermost, the order checked inside it: usingWhen hands a kept order straight to the
        // subscriber, even one that has just cancelled (see giveBack), where an operator after it, a cancelled
        // flatMap say, would discard the order and what it holds. The end line comes after the give-backs.
        return operation(PLACE_ORDER, Mono.usingWhen(
                // The request's Context goes with the record, for give-backs made after the operation has ended.
                Mono.deferContextual(request -> Mono.just(new GiveBacks(request))),
                giveBacks -> accepted(order, () -> OrderValidation.requireValidTimeout(deadline))
                        .flatMap(valid -> reserveChargeBook(valid, Deadline.in(deadline), giveBacks)),
                // usingWhen settles once, with one of three: kept; given back before the failure travels on; or,
                // on cancellation, given back by a subscription of usingWhen's own, which nothing cancels.
                giveBacks -> Mono.empty(),
                GiveBacks::giveBackAllAfter,
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
     * Looks the customer's address up (a blocking call, on a thread meant for blocking), then plans the route
     * there (CPU-bound, on the planning pool); each step starts only once the one before has answered.
     */
    public Mono<DeliveryPlan> planDelivery(Order order) {
        return operation(PLAN_DELIVERY, accepted(order)
                .flatMap(valid -> services.lookup(valid.customer())
                        .onErrorResume(error -> failure(() -> ADDRESS.failed(error)))
                        .flatMap(address -> services.plan(address)
                                .onErrorResume(error -> failure(() -> ROUTE.failed(error)))
                                .map(route -> new DeliveryPlan(valid, address, route)))));
    }

    public Flux<OrderUpdate> track(Order order) {
        // expand and not expandDeep: expand subscribes to the next call once the one before completes and hands
        // it the demand left, which a call on demand (ReactorServices.next) waits for; expandDeep requests
        // each call as it subscribes, so it would always poll once ahead of the subscriber. hide(): flatMapMany
        // reads a Callable source (fromCallable) while subscribing and signals its error even to a subscriber
        // that cancelled in onSubscribe (R16.3); hidden, the source sees the cancel and signals nothing.
        return operation(OperationName.TRACK, accepted(order).hide().flatMapMany(valid -> updateAfter(valid, 0)
                .expand(update -> updateAfter(valid, update.sequence()))));
    }

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
     * Bakes the pizzas with at most {@code ovens} bakes subscribed at once, results in the pizzas' order.
     * flatMap and not flatMapSequential: flatMapSequential asks for the next pizza only when the oldest bake
     * is done, so one slow pizza leaves the ovens that finished after it idle; flatMap asks as soon as any
     * bake is done, and each result's position puts the list back in order.
     */
    private static <T> Mono<List<T>> inOvens(List<Pizza> pizzas, int ovens, Function<Pizza, Mono<T>> bake) {
        return Flux.range(0, pizzas.size())
                .flatMap(position -> bake.apply(pizzas.get(position))
                        .map(result -> new Placed<>(position, result)), ovens)
                .collectSortedList(Comparator.comparingInt(Placed::position))
                .map(placed -> placed.stream().map(Placed::result).toList());
    }

    /** Asks every courier at once and takes the first offer; a courier's failure is a loss, not the result. */
    private Mono<CourierOffer> firstOffer(Order valid) {
        return firstSuccess(FIND_COURIER, services.couriers().stream()
                .map(courier -> services.offer(courier, valid))
                .toList());
    }

    /**
     * Subscribes every alternative at once, in the list's order, and takes the first success; an
     * alternative's failure is a loss, not the result, and when all fail, {@code step} fails with every
     * failure.
     */
    private static <T> Mono<T> firstSuccess(Step step, List<Mono<T>> alternatives) {
        // firstWithValue ignores failures until every source has failed, and cancels the losers.
        return Mono.firstWithValue(alternatives)
                .onErrorResume(error -> failure(() -> step.allFailed(everyFailureIn(error))));
    }

    /**
     * Gives a step what is left of the deadline when it starts, so that the timeout names the step in
     * progress; a step due to start after the deadline fails without being called.
     */
    private static <T> Function<Mono<T>, Mono<T>> within(Deadline deadline, Step step) {
        return call -> Mono.defer(() -> {
            Duration left = deadline.remaining();
            return left.isPositive()
                    ? call.or(timer(left).then(failure(() -> deadline.passedAt(step))))
                    : failure(() -> deadline.passedAt(step));
        });
    }

    /**
     * Reserves, charges and books in turn, each step within what is left of the deadline; each answer
     * records its give-back as it arrives.
     */
    private Mono<PlacedOrder> reserveChargeBook(Order valid, Deadline deadline, GiveBacks giveBacks) {
        return services.reserve(valid, reservation -> giveBacks.acquired(services.release(reservation)))
                .onErrorResume(error -> failure(() -> RESERVE.failed(error)))
                .transform(within(deadline, RESERVE))
                .flatMap(reservation -> services.charge(new Payment(valid.customer(), Menu.priceOf(valid)),
                                receipt -> giveBacks.acquired(services.refund(receipt)))
                        .onErrorResume(error -> failure(() -> CHARGE.failed(error)))
                        .transform(within(deadline, CHARGE))
                        .flatMap(receipt -> services.book(valid,
                                        booking -> giveBacks.acquired(services.cancelBooking(booking)))
                                .onErrorResume(error -> failure(() -> BOOK.failed(error)))
                                .transform(within(deadline, BOOK))
                                .map(booking -> new PlacedOrder(reservation, receipt, booking))));
    }

    /** The order's update after {@code sequence}, on demand; empty once the order is delivered. */
    private Mono<OrderUpdate> updateAfter(Order valid, long sequence) {
        return services.next(valid, sequence).onErrorResume(error -> failure(() -> TRACK.failed(error)));
    }

    /**
     * A timer for a call to race with or, which subscribes the call first, the timer second, and cancels
     * the loser before the winner's signal travels on; a hedge waits behind one too. Not Mono.timeout: it
     * arms its timer before it subscribes the call, so subscribing eats into the call's time and, while the
     * code is still cold, can outlast it: the timeout then fires before the call is even made.
     */
    private static Mono<Long> timer(Duration limit) {
        // Capped as Deadline caps it: a timeout of centuries is simply that long, never an overflow.
        return Mono.delay(Duration.ofNanos(Math.min(NANOSECONDS.convert(limit), Long.MAX_VALUE / 2)));
    }

    /** firstWithValue fails with a NoSuchElementException whose cause holds every source's failure. */
    private static List<Throwable> everyFailureIn(Throwable error) {
        return Exceptions.unwrapMultiple(error.getCause());
    }

    /** One pizza's result and the pizza's position in the order. */
    private record Placed<T>(int position, T result) {}
}
