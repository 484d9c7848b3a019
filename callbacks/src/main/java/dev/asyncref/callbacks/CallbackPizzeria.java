package dev.asyncref.callbacks;

import static dev.asyncref.domain.OrderValidation.requireValidCustomer;
import static dev.asyncref.domain.OrderValidation.requireValidHedgeDelay;
import static dev.asyncref.domain.OrderValidation.requireValidOvens;
import static dev.asyncref.domain.OrderValidation.requireValidRetries;
import static dev.asyncref.domain.OrderValidation.requireValidTimeout;
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


import dev.asyncref.callbacks.PolledStream.Answer;
import dev.asyncref.callbacks.patterns.BoundedConcurrency;
import dev.asyncref.callbacks.patterns.Call;
import dev.asyncref.callbacks.patterns.FirstSuccess;
import dev.asyncref.callbacks.patterns.GiveBacks;
import dev.asyncref.callbacks.patterns.Hedge;
import dev.asyncref.callbacks.patterns.Retry;
import dev.asyncref.callbacks.patterns.TimeLimits;
import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.InvalidOrderException;
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
import dev.asyncref.domain.Route;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.AddressBook;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.DispatchService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.downstream.StockService;
import dev.asyncref.downstream.TrackingService;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The workload in plain Java callbacks: each operation takes a listener and returns a cancel handle; each
 * stream takes a {@link StreamListener} and returns a {@link StreamHandle}, which asks for items and cancels.
 * Each pattern is a helper of {@code dev.asyncref.callbacks.patterns}, started as one step of the operation.
 *
 * <ul>
 *   <li><b>Threads.</b> No thread of its own: the caller gives a scheduler and two pools, and shuts them down
 *       after the last operation (see the constructor). The listener runs on the downstream thread that
 *       delivered the last answer, or, for a time limit that runs out, on the scheduler's thread, so it must
 *       not block; a hedge and a retry are started there too. An invalid order is reported at once, on the
 *       caller's thread, before the method returns. A stream's listener hears one signal at a time, on
 *       whichever thread is delivering for the stream ({@link PolledStream}).
 *   <li><b>Blocking and CPU-bound work.</b> {@code planDelivery}'s legacy lookup, which blocks its thread, runs
 *       on the blocking pool; its route planning, which keeps a core busy, on the computing pool, apart from
 *       the scheduler ({@link #planDelivery}).
 *   <li><b>Context.</b> An operation copies its caller's SLF4J MDC when it is called (a stream: when it is
 *       made) and puts it, with the operation's name, around all of its own that runs elsewhere (each call's
 *       start, answer and cancel, each pool task, each exception a timer makes), then puts the thread's map
 *       back ({@link RequestMdc}, {@link Outcome}). The caller's MDC is as it was when the method returns.
 *   <li><b>Cancellation.</b> {@link Cancellable#cancel()} on the returned handle cancels every call and timer
 *       in flight and starts no further step; the listener is then never called. A cancelled attempt is
 *       never retried. {@code placeOrder} still gives back what it acquired ({@link #placeOrder}). Cancelling
 *       a stream cancels its call in flight and starts no further call.
 *   <li><b>Errors.</b> The listener gets exactly one call: the result, or the domain exception itself
 *       ({@link dev.asyncref.domain.StepFailedException}, {@link dev.asyncref.domain.TimedOutException},
 *       {@link InvalidOrderException}), once the calls still in flight have been cancelled. A stream ends
 *       exactly once: {@code onEnd} after its last item, or {@code onFailure} after the items before it.
 *   <li><b>Backpressure.</b> Demand passed through to the calls: a stream makes one call at a time, only when
 *       its listener has asked for more items than the calls before brought; what waits beyond the demand is
 *       at most the rest of one page ({@link Page#SIZE} orders).
 * </ul>
 */
public final class CallbackPizzeria {

    private final MenuService menu;
    private final PaymentService payments;
    private final KitchenService kitchen;
    private final List<CourierService> couriers;
    private final StockService stock;
    private final DispatchService dispatch;
    private final TrackingService tracking;
    private final HistoryService history;
    private final AddressBook addresses;
    private final RoutePlanner routes;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService blocking;
    private final ExecutorService computing;

    /**
     * @param scheduler the caller's timer for the time limits, hedges and backoffs. Plain callbacks have no
     *     timer of their own, and this class starts no thread: a timeout is a task on this scheduler, which
     *     only cancels calls and tells the listener, so one thread can serve many pizzerias. The caller
     *     shuts it down. A {@link java.util.concurrent.ScheduledThreadPoolExecutor} keeps a cancelled timer
     *     queued until its delay runs out, unless {@code setRemoveOnCancelPolicy(true)} was set.
     * @param blocking the caller's threads for the legacy address lookup, which blocks its thread: sized for
     *     the lookups that may wait at once (more than the cores: a blocked thread uses none), such as a fixed
     *     pool as big as the legacy client's own connection limit, or virtual threads. Never the scheduler,
     *     whose timers a blocked thread would stall, nor {@code computing}.
     * @param computing the caller's threads for the CPU-bound route planning: a pool bounded to the cores
     *     (more threads than cores only add switching), apart from the scheduler, so that timeouts and hedges
     *     still fire while every core plans.
     */
    public CallbackPizzeria(Downstream downstream, ScheduledExecutorService scheduler, ExecutorService blocking,
            ExecutorService computing) {
        this.menu = downstream.menu();
        this.payments = downstream.payments();
        this.kitchen = downstream.kitchen();
        this.couriers = downstream.couriers();
        this.stock = downstream.stock();
        this.dispatch = downstream.dispatch();
        this.tracking = downstream.tracking();
        this.history = downstream.history();
        this.addresses = downstream.addresses();
        this.routes = downstream.routes();
        // Checked here: a missing pool found at the first timeout or lookup would leave a call in flight.
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.computing = Objects.requireNonNull(computing, "computing");
    }

    public Cancellable quote(Order order, Callback<? super Quote> listener) {
        return operation(OperationName.QUOTE, order, listener, (Outcome<Quote> outcome) ->
                outcome.start(quote(order, outcome), outcome::succeed));
    }

    public Cancellable checkout(Order order, Callback<? super Receipt> listener) {
        return operation(OperationName.CHECKOUT, order, listener, (Outcome<Receipt> outcome) ->
                outcome.start(quote(order, outcome), quote ->
                        outcome.start(charge(order, quote, outcome), outcome::succeed)));
    }

    public Cancellable bake(Order order, Callback<? super List<BakedPizza>> listener) {
        // Every pizza at once: bounded by nothing but the order, failing fast all the same.
        return operation(OperationName.BAKE, order, listener, (Outcome<List<BakedPizza>> outcome) -> outcome.start(
                BoundedConcurrency.inOrder(order.pizzas(), order.pizzas().size(), pizza -> bakeOne(pizza, outcome)),
                outcome::succeed));
    }

    public Cancellable bakeBatch(Order order, int ovens, Callback<? super List<BakedPizza>> listener) {
        return operation(OperationName.BAKE_BATCH, order, () -> requireValidOvens(ovens), listener,
                (Outcome<List<BakedPizza>> outcome) -> outcome.start(
                        BoundedConcurrency.inOrder(order.pizzas(), ovens, pizza -> bakeOne(pizza, outcome)),
                        outcome::succeed));
    }

    public Cancellable bakeBatchOutcomes(Order order, int ovens, Callback<? super List<BakeOutcome>> listener) {
        return operation(OperationName.BAKE_BATCH_OUTCOMES, order, () -> requireValidOvens(ovens), listener,
                (Outcome<List<BakeOutcome>> outcome) -> outcome.start(
                        BoundedConcurrency.inOrderCollectingAll(order.pizzas(), ovens,
                                pizza -> outcome.<BakedPizza, BakeOutcome>call(answer -> kitchen.bake(pizza, answer),
                                        BakeOutcome.Baked::new, failure -> failure),
                                (pizza, failure) -> new BakeOutcome.Failed(pizza, BAKE.failed(failure))),
                        outcome::succeed));
    }

    public Cancellable findCourier(Order order, Callback<? super CourierOffer> listener) {
        return operation(OperationName.FIND_COURIER, order, listener, (Outcome<CourierOffer> outcome) ->
                outcome.start(firstOffer(order, outcome), outcome::succeed));
    }

    public Cancellable quoteWithin(Order order, Duration timeout, Callback<? super Quote> listener) {
        return operation(OperationName.QUOTE_WITHIN, order, () -> requireValidTimeout(timeout), listener,
                (Outcome<Quote> outcome) -> outcome.start(TimeLimits.withTimeout(quote(order, outcome), timeout,
                        outcome.underRequest(() -> QUOTE.timedOut(timeout)), scheduler), outcome::succeed));
    }

    public Cancellable checkoutWithin(Order order, Duration deadline, Callback<? super Receipt> listener) {
        return operation(OperationName.CHECKOUT_WITHIN, order, () -> requireValidTimeout(deadline), listener,
                (Outcome<Receipt> outcome) -> {
                    TimeLimits.Deadline end = TimeLimits.Deadline.in(deadline);
                    outcome.start(beforeDeadline(end, deadline, QUOTE, quote(order, outcome), outcome), quote ->
                            outcome.start(beforeDeadline(end, deadline, CHARGE, charge(order, quote, outcome),
                                    outcome), outcome::succeed));
                });
    }

    /**
     * The race against a timeout: the late couriers are cancelled before the fallback is delivered. The fallback
     * stands in for that timeout alone, so couriers that all said no in time still fail the operation.
     */
    public Cancellable findCourierWithin(Order order, Duration timeout, Callback<? super CourierOffer> listener) {
        return operation(OperationName.FIND_COURIER_WITHIN, order, () -> requireValidTimeout(timeout), listener,
                (Outcome<CourierOffer> outcome) -> outcome.start(
                        TimeLimits.withTimeout(firstOffer(order, outcome), timeout, NoOfferInTime::new, scheduler),
                        outcome::succeed,
                        failure -> {
                            if (failure instanceof NoOfferInTime) {
                                outcome.succeed(CourierOffer.OWN_DRIVER);
                            } else {
                                outcome.fail(failure);
                            }
                        }));
    }

    public Cancellable quoteHedged(Order order, Duration hedgeAfter, Callback<? super Quote> listener) {
        return operation(OperationName.QUOTE_HEDGED, order, () -> requireValidHedgeDelay(hedgeAfter), listener,
                (Outcome<Quote> outcome) -> outcome.start(Hedge.hedged(
                        outcome.<Quote>call(answer -> menu.quote(order, answer)), hedgeAfter,
                        QUOTE::allFailed, scheduler), outcome::succeed));
    }

    public Cancellable quoteWithRetries(Order order, RetryPolicy retries, Callback<? super Quote> listener) {
        return operation(OperationName.QUOTE_WITH_RETRIES, order, () -> requireValidRetries(retries), listener,
                (Outcome<Quote> outcome) -> outcome.start(Retry.retrying(
                        outcome.<Quote>call(answer -> menu.quote(order, answer)),
                        new Retry.Backoff(retries.attempts(), retries.firstBackoff(), retries.jitter()),
                        DownstreamException::worthRetrying, QUOTE::failedAfter, scheduler), outcome::succeed));
    }

    /**
     * Reserves, then charges, then books, each step before the deadline. A failure or timeout is reported only
     * once everything acquired is given back, latest first, each failed give-back suppressed on it
     * ({@link GiveBacks}), so the listener hears it on the thread of the last give-back's answer. The caller's
     * cancel gives everything back too, to the end: the give-backs are never the operation's calls, so the
     * cancel never reaches them; one that fails then is logged once, under the request (R12.7).
     */
    public Cancellable placeOrder(Order order, Duration deadline, Callback<? super PlacedOrder> listener) {
        return operation(OperationName.PLACE_ORDER, order, () -> requireValidTimeout(deadline), listener,
                (Outcome<PlacedOrder> outcome) -> {
                    GiveBacks giveBacks = new GiveBacks(outcome.underRequest(OperationLog::giveBackFailed));
                    // A placement that succeeds just as the caller cancels included: its answer kept the booking.
                    outcome.onCancel(giveBacks::giveBackAllUnheard);
                    Consumer<Throwable> givenBackThenFailed = failure -> giveBacks.giveBackAll(
                            giveBackFailures -> outcome.fail(withSuppressed(failure, giveBackFailures)));
                    TimeLimits.Deadline end = TimeLimits.Deadline.in(deadline);
                    Call<Reservation> reserve =
                            beforeDeadline(end, deadline, RESERVE, reserve(order, giveBacks, outcome), outcome);
                    Call<Receipt> charge =
                            beforeDeadline(end, deadline, CHARGE, charge(order, giveBacks, outcome), outcome);
                    Call<Booking> book = beforeDeadline(end, deadline, BOOK, book(order, giveBacks, outcome), outcome);
                    outcome.start(reserve, reservation ->
                            outcome.start(charge, receipt ->
                                    outcome.start(book, booking ->
                                            outcome.succeed(new PlacedOrder(reservation, receipt, booking)),
                                            givenBackThenFailed),
                                    givenBackThenFailed),
                            givenBackThenFailed);
                });
    }

    /**
     * Looks the address up on a thread of the blocking pool (the legacy client knows no other way), never the
     * caller's, a downstream or the scheduler's thread; then plans on a thread of the computing pool, bounded
     * to the cores and apart from the scheduler, so that timeouts still fire while every core plans. The
     * listener hears on the planning thread. Cancelling interrupts the lookup or the planning
     * ({@link PoolCall}): the blocked lookup wakes up and cancels its call, the planning stops at its next check
     * of its thread's interrupt, and one still queued for a thread never starts.
     */
    public Cancellable planDelivery(Order order, Callback<? super DeliveryPlan> listener) {
        return operation(OperationName.PLAN_DELIVERY, order, listener, (Outcome<DeliveryPlan> outcome) ->
                outcome.start(lookUpAddress(order, outcome), address ->
                        outcome.start(planRoute(order, address, outcome), outcome::succeed)));
    }

    /** One tracking call per update, each asking for the update after the last one heard, and one for the end. */
    public StreamHandle track(Order order, StreamListener<? super OrderUpdate> listener) {
        RequestMdc request = RequestMdc.capture(OperationName.TRACK);
        PolledStream<Long, OrderUpdate> updates = new PolledStream<>(request, listener, 0L, (after, answer) ->
                tracking.next(new TrackingQuery(order, after), request.callback(
                        next -> answer.onSuccess(next.isPresent()
                                ? Answer.more(List.of(next.get()), next.get().sequence())
                                : Answer.last(List.of())),
                        error -> answer.onFailure(TRACK.failed(error)))));
        accepted(() -> OrderValidation.requireValid(order), updates::fail);
        return updates;
    }

    /** One call per page, the last page saying so: the stream ends with its orders, with no call to learn it. */
    public StreamHandle history(String customer, StreamListener<? super PastOrder> listener) {
        RequestMdc request = RequestMdc.capture(OperationName.HISTORY);
        PolledStream<Long, PastOrder> pastOrders = new PolledStream<>(request, listener, 1L, (number, answer) ->
                history.page(new PageQuery(customer, number), request.callback(
                        page -> answer.onSuccess(page.last()
                                ? Answer.last(page.orders())
                                : Answer.more(page.orders(), number + 1)),
                        error -> answer.onFailure(HISTORY.failed(error)))));
        accepted(() -> requireValidCustomer(customer), pastOrders::fail);
        return pastOrders;
    }

    private Call<Quote> quote(Order order, Outcome<?> outcome) {
        return outcome.call(answer -> menu.quote(order, answer), QUOTE);
    }

    private Call<Receipt> charge(Order order, Quote quote, Outcome<?> outcome) {
        return outcome.call(answer -> payments.charge(new Payment(order.customer(), quote.total()), answer),
                CHARGE);
    }

    private Call<BakedPizza> bakeOne(Pizza pizza, Outcome<?> outcome) {
        return outcome.call(answer -> kitchen.bake(pizza, answer), BAKE);
    }

    private Call<Reservation> reserve(Order order, GiveBacks giveBacks, Outcome<?> outcome) {
        return outcome.call(answer -> stock.reserve(order, kept(giveBacks, stock::release, outcome, answer)),
                RESERVE);
    }

    private Call<Receipt> charge(Order order, GiveBacks giveBacks, Outcome<?> outcome) {
        Payment payment = new Payment(order.customer(), Menu.priceOf(order));
        return outcome.call(answer -> payments.charge(payment, kept(giveBacks, payments::refund, outcome, answer)),
                CHARGE);
    }

    private Call<Booking> book(Order order, GiveBacks giveBacks, Outcome<?> outcome) {
        return outcome.call(answer -> dispatch.book(order, kept(giveBacks, dispatch::cancelBooking, outcome, answer)),
                BOOK);
    }

    private Call<CourierOffer> firstOffer(Order order, Outcome<?> outcome) {
        return FirstSuccess.firstSuccess(couriers.stream()
                .map(courier -> outcome.<CourierOffer>call(answer -> courier.offer(order, answer)))
                .toList(), FIND_COURIER::allFailed);
    }

    private Call<Address> lookUpAddress(Order order, Outcome<?> outcome) {
        return outcome.call(answer -> onPool(blocking, outcome, () -> addresses.lookup(order.customer()), answer),
                ADDRESS);
    }

    /** A cancel interrupts the planning's thread, which is what its cancelled check reads. */
    private Call<DeliveryPlan> planRoute(Order order, Address address, Outcome<?> outcome) {
        return outcome.<Route, DeliveryPlan>call(answer -> onPool(computing, outcome,
                        () -> routes.plan(address, Thread.currentThread()::isInterrupted), answer),
                route -> new DeliveryPlan(order, address, route), ROUTE::failed);
    }

    /**
     * {@code step} of an operation bound by {@code end}: not started once it has passed, and cancelled, then
     * failed with the step's timeout, when it passes while the step is in progress.
     */
    private <V> Call<V> beforeDeadline(TimeLimits.Deadline end, Duration limit, Step step, Call<V> call,
            Outcome<?> outcome) {
        return TimeLimits.beforeDeadline(end, call, outcome.underRequest(() -> step.timedOut(limit)), scheduler);
    }

    /**
     * The callback of a call that acquires something: it records how to give that back before the answer
     * travels on, on the downstream thread, whatever became of the operation meanwhile: an answer that comes
     * as the caller cancels is dropped on its way, and what it acquired must not be.
     */
    private static <A> Callback<A> kept(GiveBacks giveBacks, BiFunction<A, Callback<A>, Cancellable> giveBack,
            Outcome<?> outcome, Callback<A> answer) {
        return Callback.of(acquired -> {
            giveBacks.acquired(outcome.<A>call(done -> giveBack.apply(acquired, done)));
            answer.onSuccess(acquired);
        }, answer::onFailure);
    }

    /**
     * Runs {@code work} on {@code pool} as a call ({@link PoolCall}), under the request's MDC: its cancel
     * interrupts it, or drops it before it starts.
     */
    private static <V> Cancellable onPool(ExecutorService pool, Outcome<?> outcome, Callable<V> work,
            Callback<? super V> answer) {
        PoolCall<V> call = new PoolCall<>(work, answer);
        pool.execute(outcome.task(call));
        return call;
    }

    /**
     * Starts an operation: its outcome holds the caller's MDC, copied now, plus the operation's name; the
     * order, then the operation's own parameter ({@code alsoValid}), are checked, and an invalid one reported
     * at once (an invalid order reads as in R5); the first steps run on the caller's thread under that MDC, the
     * caller's own map put back before this returns. The operations name their outcome's type in
     * {@code steps}: from a listener of {@code ? super T} alone, Java would infer a capture type.
     */
    private static <T> Cancellable operation(OperationName name, Order order, Runnable alsoValid,
            Callback<? super T> listener, Consumer<Outcome<T>> steps) {
        RequestMdc request = RequestMdc.capture(name);
        Outcome<T> outcome = new Outcome<>(request, listener);
        request.run(() -> {
            if (accepted(() -> {
                OrderValidation.requireValid(order);
                alsoValid.run();
            }, outcome::fail)) {
                steps.accept(outcome);
            }
        });
        return outcome;
    }

    private static <T> Cancellable operation(OperationName name, Order order, Callback<? super T> listener,
            Consumer<Outcome<T>> steps) {
        return operation(name, order, () -> {}, listener, steps);
    }

    private static boolean accepted(Runnable validation, Consumer<? super InvalidOrderException> reject) {
        try {
            validation.run();
            return true;
        } catch (InvalidOrderException invalid) {
            reject.accept(invalid);
            return false;
        }
    }

    private static Throwable withSuppressed(Throwable failure, List<Throwable> suppressed) {
        suppressed.forEach(failure::addSuppressed);
        return failure;
    }

    /**
     * {@code findCourierWithin}'s timeout, which its fallback replaces: never delivered, so it needs neither a
     * message nor a stack trace.
     */
    private static final class NoOfferInTime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoOfferInTime() {
            super(null, null, false, false);
        }
    }
}
