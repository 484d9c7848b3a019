package dev.asyncref.callbacks;

import static dev.asyncref.context.OperationName.BAKE;
import static dev.asyncref.context.OperationName.BAKE_BATCH;
import static dev.asyncref.context.OperationName.BAKE_BATCH_OUTCOMES;
import static dev.asyncref.context.OperationName.CHECKOUT;
import static dev.asyncref.context.OperationName.CHECKOUT_WITHIN;
import static dev.asyncref.context.OperationName.FIND_COURIER;
import static dev.asyncref.context.OperationName.FIND_COURIER_WITHIN;
import static dev.asyncref.context.OperationName.HISTORY;
import static dev.asyncref.context.OperationName.PLACE_ORDER;
import static dev.asyncref.context.OperationName.PLAN_DELIVERY;
import static dev.asyncref.context.OperationName.QUOTE;
import static dev.asyncref.context.OperationName.QUOTE_HEDGED;
import static dev.asyncref.context.OperationName.QUOTE_WITHIN;
import static dev.asyncref.context.OperationName.QUOTE_WITH_RETRIES;
import static dev.asyncref.context.OperationName.TRACK;

import dev.asyncref.callbacks.PolledStream.Answer;
import dev.asyncref.context.OperationName;
import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Deadline;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workload in plain Java callbacks: each operation takes a listener and returns a cancel handle; each
 * stream takes a {@link StreamListener} and returns a {@link StreamHandle}, which asks for items and cancels.
 *
 * <ul>
 *   <li><b>Threads.</b> No thread of its own: the caller gives three pools and shuts them down after the
 *       last operation (see the constructor). The listener runs on the downstream thread that delivered the
 *       last answer (for {@code placeOrder}'s failure, the last give-back's answer; for {@code planDelivery},
 *       the computing thread that planned), or, when a time limit runs out with nothing to give back, on the
 *       thread of the scheduler the caller gave, so it must not block. A hedge and a retry are started on
 *       that scheduler's thread (starting a call never blocks). {@code planDelivery}'s address lookup, the one
 *       call that blocks its thread, runs on the blocking pool, never on the caller's, a downstream or the
 *       timer thread; its route planning, which keeps a core busy, runs on the computing pool, bounded to the
 *       cores and apart from the timer, so that timeouts still fire while every core plans ({@link PoolCall}).
 *       An answer that arrives while another call of its operation is being started waits for that start,
 *       so that the call is cancelled before the answer is delivered ({@link Outcome}). An invalid order is
 *       reported at once, on the caller's thread, before the method returns. A stream's listener runs on
 *       whichever thread is delivering for the stream: the downstream thread that delivered a call's answer,
 *       or a thread that called {@code request} (for items fetched already, or an answer that arrived while
 *       its request was starting the call). It hears one signal at a time: a request made from
 *       {@code onItem}, or while another thread delivers, returns at once, and the thread delivering
 *       delivers what it asked for ({@link PolledStream}).
 *   <li><b>Cancellation.</b> {@link Cancellable#cancel()} on the returned handle cancels every call in
 *       flight and starts no further step; the listener is then never called. A timeout cancels the late
 *       calls before it is reported. An operation's timers (time limits, the hedge delay, backoff pauses)
 *       end with it, whatever ends it (a result in time, a failure, a timeout, the caller's cancel), so none
 *       is left behind: a hedge or retry still waiting is never sent. A cancelled attempt is not a failure,
 *       so it is never retried. {@code placeOrder} gives back what it acquired when cancelled, and its
 *       give-back calls are not the operation's: the cancel never reaches them. Cancelling a stream cancels
 *       its call in flight and starts no further call; once {@code cancel} has returned its listener hears
 *       nothing more, but for a signal that another thread had started delivering already. Cancelling
 *       {@code planDelivery} interrupts its lookup or planning ({@code Future.cancel(true)}): the blocked
 *       lookup wakes up and cancels its call, the planning stops at its next check of its thread's interrupt,
 *       and one still queued for a thread never starts.
 *   <li><b>Errors.</b> The listener gets exactly one call: the result, or the first failure as a
 *       {@link dev.asyncref.domain.StepFailedException} (the other calls cancelled before it is reported),
 *       or a {@link dev.asyncref.domain.TimedOutException} naming the step in progress, or an
 *       {@link InvalidOrderException}. A race (the couriers, a request and its hedge) reports its first
 *       success, after cancelling the losers, and fails only when every runner has failed; a race with a
 *       fallback reports the fallback as a success. Retries report the last failure, the earlier ones
 *       attached. {@code planDelivery} reports a failed lookup as step {@code look up address}, a failed
 *       planning as step {@code plan route}. {@code placeOrder} reports a failure or timeout only once
 *       everything acquired is given back, latest first, one at a time, each failed give-back attached to
 *       it; after the caller's cancel, one that fails has nothing to travel with and is logged once, under
 *       its request (R12.7), and a call's failure that comes as the caller cancels goes to nobody (R6.7). A
 *       stream ends exactly once: {@code onEnd} after the last item; or {@code onFailure} with a failed call's
 *       {@link dev.asyncref.domain.StepFailedException}, after the items fetched before it, and no further
 *       call; or with an {@link InvalidOrderException}, at once, before {@code track} or {@code history}
 *       returns and before any call; or with an {@link IllegalArgumentException} for {@code request(n)}
 *       with {@code n <= 0}.
 *   <li><b>Backpressure.</b> Demand passed through to the calls: a stream makes one call at a time, and only
 *       when its listener has asked for more items than the calls before brought, so nothing is fetched
 *       ahead. What waits beyond the demand is at most the rest of one page ({@link Page#SIZE} orders);
 *       tracking, an update a call, has nothing waiting.
 *   <li><b>Context.</b> An operation copies its caller's SLF4J MDC when it is called (a stream: when it is
 *       made, that is when its {@code Flow} subscriber subscribes) and adds the operation's name; that copy
 *       is put on the thread around every callback, timer task and pool task of the operation, and the
 *       thread's own map put back afterwards ({@link RequestMdc}). So each downstream call, each failure
 *       and the one line each operation logs as it ends ({@link dev.asyncref.context.OperationLog}, written
 *       before the listener hears the outcome) carry the caller's correlation id, and no pooled thread keeps
 *       it. The caller's own MDC is as it was when the method returns. A stream delivers under its
 *       subscriber's MDC whichever thread calls {@code request}.
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
        return operation(QUOTE, listener, (Outcome<Quote> outcome) -> {
            if (accepted(order, outcome)) {
                quote(order, outcome);
            }
        });
    }

    public Cancellable checkout(Order order, Callback<? super Receipt> listener) {
        return operation(CHECKOUT, listener, (Outcome<Receipt> outcome) -> {
            if (accepted(order, outcome)) {
                checkout(order, outcome, (step, call) -> outcome.start(call));
            }
        });
    }

    public Cancellable bake(Order order, Callback<? super List<BakedPizza>> listener) {
        return operation(BAKE, listener, (Outcome<List<BakedPizza>> outcome) -> {
            if (accepted(order, outcome)) {
                List<Pizza> pizzas = order.pizzas();
                // Answers arrive on several threads: slots and countdown are atomic, and the thread that counts
                // down to zero sees every slot written before it.
                AtomicReferenceArray<BakedPizza> baked = new AtomicReferenceArray<>(pizzas.size());
                AtomicInteger remaining = new AtomicInteger(pizzas.size());
                for (int slot = 0; slot < pizzas.size(); slot++) {
                    int position = slot;
                    outcome.start(() -> kitchen.bake(pizzas.get(position), outcome.callback(
                            pizza -> {
                                baked.set(position, pizza);
                                if (remaining.decrementAndGet() == 0) {
                                    outcome.succeed(inOrder(baked));
                                }
                            },
                            error -> outcome.fail(Step.BAKE.failed(error)))));
                }
            }
        });
    }

    public Cancellable bakeBatch(Order order, int ovens, Callback<? super List<BakedPizza>> listener) {
        return operation(BAKE_BATCH, listener, (Outcome<List<BakedPizza>> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidOvens(ovens), outcome)) {
                BoundedBatch.start(order.pizzas(), ovens, outcome, (pizza, fill) -> kitchen.bake(pizza,
                        outcome.callback(
                                fill,
                                error -> outcome.fail(Step.BAKE.failed(error)))));
            }
        });
    }

    public Cancellable bakeBatchOutcomes(Order order, int ovens, Callback<? super List<BakeOutcome>> listener) {
        return operation(BAKE_BATCH_OUTCOMES, listener, (Outcome<List<BakeOutcome>> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidOvens(ovens), outcome)) {
                BoundedBatch.start(order.pizzas(), ovens, outcome, (pizza, fill) -> kitchen.bake(pizza,
                        outcome.callback(
                                baked -> fill.accept(new BakeOutcome.Baked(baked)),
                                error -> fill.accept(new BakeOutcome.Failed(pizza, Step.BAKE.failed(error))))));
            }
        });
    }

    public Cancellable findCourier(Order order, Callback<? super CourierOffer> listener) {
        return operation(FIND_COURIER, listener, (Outcome<CourierOffer> outcome) -> {
            if (accepted(order, outcome)) {
                findCourier(order, outcome);
            }
        });
    }

    public Cancellable quoteWithin(Order order, Duration timeout, Callback<? super Quote> listener) {
        return operation(QUOTE_WITHIN, listener, (Outcome<Quote> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidTimeout(timeout), outcome)) {
                quote(order, outcome);
                after(timeout, outcome, () -> outcome.fail(Step.QUOTE.timedOut(timeout)));
            }
        });
    }

    public Cancellable checkoutWithin(Order order, Duration deadline, Callback<? super Receipt> listener) {
        return operation(CHECKOUT_WITHIN, listener, (Outcome<Receipt> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidTimeout(deadline), outcome)) {
                checkout(order, outcome, before(Deadline.in(deadline), outcome));
            }
        });
    }

    public Cancellable findCourierWithin(Order order, Duration timeout, Callback<? super CourierOffer> listener) {
        return operation(FIND_COURIER_WITHIN, listener, (Outcome<CourierOffer> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidTimeout(timeout), outcome)) {
                findCourier(order, outcome);
                after(timeout, outcome, () -> outcome.succeed(CourierOffer.OWN_DRIVER));
            }
        });
    }

    public Cancellable quoteHedged(Order order, Duration hedgeAfter, Callback<? super Quote> listener) {
        return operation(QUOTE_HEDGED, listener, (Outcome<Quote> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidHedgeDelay(hedgeAfter), outcome)) {
                quoteHedged(order, hedgeAfter, outcome);
            }
        });
    }

    public Cancellable quoteWithRetries(Order order, RetryPolicy retries, Callback<? super Quote> listener) {
        return operation(QUOTE_WITH_RETRIES, listener, (Outcome<Quote> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidRetries(retries), outcome)) {
                quoteWithRetries(order, retries, new ArrayList<>(), outcome);
            }
        });
    }

    public Cancellable placeOrder(Order order, Duration deadline, Callback<? super PlacedOrder> listener) {
        return operation(PLACE_ORDER, listener, (Outcome<PlacedOrder> outcome) -> {
            if (accepted(order, () -> OrderValidation.requireValidTimeout(deadline), outcome)) {
                placeOrder(order, new GiveBacks<>(outcome, Deadline.in(deadline),
                        (delay, task) -> after(delay, outcome, task)));
            }
        });
    }

    public Cancellable planDelivery(Order order, Callback<? super DeliveryPlan> listener) {
        return operation(PLAN_DELIVERY, listener, (Outcome<DeliveryPlan> outcome) -> {
            if (accepted(order, outcome)) {
                planDelivery(order, outcome);
            }
        });
    }

    /** One tracking call per update, each asking for the update after the last one heard, and one for the end. */
    public StreamHandle track(Order order, StreamListener<? super OrderUpdate> listener) {
        RequestMdc request = RequestMdc.capture(TRACK);
        PolledStream<Long, OrderUpdate> updates = new PolledStream<>(request, listener, 0L, (after, answer) ->
                tracking.next(new TrackingQuery(order, after), request.callback(
                        next -> answer.onSuccess(next.isPresent()
                                ? Answer.more(List.of(next.get()), next.get().sequence())
                                : Answer.last(List.of())),
                        error -> answer.onFailure(Step.TRACK.failed(error)))));
        accepted(() -> OrderValidation.requireValid(order), updates::fail);
        return updates;
    }

    /** One call per page, the last page saying so: the stream ends with its orders, with no call to learn it. */
    public StreamHandle history(String customer, StreamListener<? super PastOrder> listener) {
        RequestMdc request = RequestMdc.capture(HISTORY);
        PolledStream<Long, PastOrder> pastOrders = new PolledStream<>(request, listener, 1L, (number, answer) ->
                history.page(new PageQuery(customer, number), request.callback(
                        page -> answer.onSuccess(page.last()
                                ? Answer.last(page.orders())
                                : Answer.more(page.orders(), number + 1)),
                        error -> answer.onFailure(Step.HISTORY.failed(error)))));
        accepted(() -> OrderValidation.requireValidCustomer(customer), pastOrders::fail);
        return pastOrders;
    }

    private void quote(Order order, Outcome<Quote> outcome) {
        outcome.start(() -> menu.quote(order, outcome.callback(
                outcome::succeed,
                error -> outcome.fail(Step.QUOTE.failed(error)))));
    }

    /** Quotes, then charges the quoted total, each step's call started by {@code steps}. */
    private void checkout(Order order, Outcome<Receipt> outcome, StepStarter steps) {
        steps.start(Step.QUOTE, () -> menu.quote(order, outcome.callback(
                quote -> steps.start(Step.CHARGE, () -> payments.charge(new Payment(order.customer(), quote.total()),
                        outcome.callback(
                                outcome::succeed,
                                error -> outcome.fail(Step.CHARGE.failed(error))))),
                error -> outcome.fail(Step.QUOTE.failed(error)))));
    }

    private void findCourier(Order order, Outcome<CourierOffer> outcome) {
        Callback<CourierOffer> runner = race(Step.FIND_COURIER, couriers.size(), outcome);
        for (CourierService courier : couriers) {
            outcome.start(() -> courier.offer(order, runner));
        }
    }

    /** A race of two, the second runner (the hedge) starting only if the first has not won by then. */
    private void quoteHedged(Order order, Duration hedgeAfter, Outcome<Quote> outcome) {
        Callback<Quote> request = race(Step.QUOTE, 2, outcome);
        outcome.start(() -> menu.quote(order, request));
        after(hedgeAfter, outcome, () -> outcome.start(() -> menu.quote(order, request)));
    }

    /**
     * One attempt; a failure worth retrying, with attempts left, starts the next one after its pause. The
     * attempts run one at a time, each started after the one before failed, so the failures need no lock:
     * the scheduler and the service hand them on from one attempt's thread to the next.
     */
    private void quoteWithRetries(Order order, RetryPolicy retries, List<Throwable> failures, Outcome<Quote> outcome) {
        outcome.start(() -> menu.quote(order, outcome.callback(
                outcome::succeed,
                error -> {
                    failures.add(error);
                    if (failures.size() == retries.attempts() || !DownstreamException.worthRetrying(error)) {
                        outcome.fail(Step.QUOTE.failedAfter(failures));
                        return;
                    }
                    Duration pause = retries.backoffBefore(failures.size(), ThreadLocalRandom.current());
                    after(pause, outcome, () -> quoteWithRetries(order, retries, failures, outcome));
                })));
    }

    /** Reserves, then charges, then books: each step continues from the answer of the one before. */
    private void placeOrder(Order order, GiveBacks<PlacedOrder> giveBacks) {
        giveBacks.acquire(Step.RESERVE, callback -> stock.reserve(order, callback), stock::release,
                (Reservation reservation) -> charge(order, reservation, giveBacks));
    }

    private void charge(Order order, Reservation reservation, GiveBacks<PlacedOrder> giveBacks) {
        Payment payment = new Payment(order.customer(), Menu.priceOf(order));
        giveBacks.acquire(Step.CHARGE, callback -> payments.charge(payment, callback), payments::refund,
                (Receipt receipt) -> book(order, reservation, receipt, giveBacks));
    }

    private void book(Order order, Reservation reservation, Receipt receipt, GiveBacks<PlacedOrder> giveBacks) {
        giveBacks.acquire(Step.BOOK, callback -> dispatch.book(order, callback), dispatch::cancelBooking,
                (Booking booking) -> giveBacks.succeed(new PlacedOrder(reservation, receipt, booking)));
    }

    /** Looks the address up on a thread that may block (the legacy client knows no other way), then plans. */
    private void planDelivery(Order order, Outcome<DeliveryPlan> outcome) {
        onPool(blocking, outcome, () -> addresses.lookup(order.customer()), outcome.callback(
                address -> planRoute(order, address, outcome),
                error -> outcome.fail(Step.ADDRESS.failed(error))));
    }

    /**
     * Plans on a computing thread, never the downstream thread that answered the lookup nor the timer's. A
     * cancel interrupts the planning's thread, which is what its cancelled check reads.
     */
    private void planRoute(Order order, Address address, Outcome<DeliveryPlan> outcome) {
        onPool(computing, outcome, () -> routes.plan(address, Thread.currentThread()::isInterrupted), outcome.callback(
                route -> outcome.succeed(new DeliveryPlan(order, address, route)),
                error -> outcome.fail(Step.ROUTE.failed(error))));
    }

    /**
     * The one callback for every runner of a race: the first success wins, and settling the outcome
     * cancels the other runners. A failure is only a loss: the race fails when the last of its
     * {@code runners} has failed, with every failure.
     */
    private static <T> Callback<T> race(Step step, int runners, Outcome<T> outcome) {
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger lost = new AtomicInteger();
        return outcome.callback(
                outcome::succeed,
                error -> {
                    failures.add(error);
                    if (lost.incrementAndGet() == runners) {
                        outcome.fail(step.allFailed(List.copyOf(failures)));
                    }
                });
    }

    /**
     * How an operation starts each step's call (through its outcome, which starts nothing once settled), so
     * that one sequence of steps serves both with and without a deadline.
     */
    @FunctionalInterface
    private interface StepStarter {
        void start(Step step, Supplier<Cancellable> call);
    }

    /**
     * Starts each step within what is left of the deadline: a step about to start once it has passed fails
     * at once and calls nothing; a step whose call is still in flight when it passes has that call
     * cancelled and is named in the timeout.
     */
    private StepStarter before(Deadline deadline, Outcome<?> outcome) {
        return (step, start) -> {
            if (deadline.hasPassed()) {
                outcome.fail(deadline.passedAt(step));
                return;
            }
            outcome.start(() -> {
                Cancellable call = start.get();
                after(deadline.remaining(), outcome, () -> {
                    // This step's own call decides, not the outcome: once the call has answered, the next
                    // step is in progress, and this timer (armed after the call, perhaps after its answer)
                    // must not name a step that is over.
                    if (call.cancel()) {
                        outcome.fail(deadline.passedAt(step));
                    }
                });
                return call;
            });
        };
    }

    /**
     * Runs {@code task} on the scheduler once {@code delay} has passed: a timeout, a hedge, the end of a
     * backoff. Armed after the calls it times, so that a timeout never fires before its calls have had all
     * of it. The outcome starts the timer like a call: an answer in time, or the caller's cancel, cancels
     * it, and none starts once the outcome settled, so no timer outlives its operation. A timer that fires
     * as its operation settles is past cancelling, so every task does nothing on a settled outcome (whose
     * {@code start}, {@code succeed} and {@code fail} do nothing then): no hedge or retry for nobody.
     */
    private void after(Duration delay, Outcome<?> outcome, Runnable task) {
        // In nanoseconds: toMillis() would round the delay down and fire early, and convert() saturates where
        // Duration.toNanos() throws (beyond 292 years).
        long nanos = TimeUnit.NANOSECONDS.convert(delay);
        outcome.start(() -> {
            ScheduledFuture<?> timer = scheduler.schedule(outcome.task(task), nanos, TimeUnit.NANOSECONDS);
            return () -> timer.cancel(false);
        });
    }

    /**
     * Runs {@code work} on {@code pool} as one of the outcome's calls ({@link PoolCall}), under the request's
     * MDC: the outcome's cancel interrupts it, or drops it before it starts, and none starts once the outcome
     * has settled.
     */
    private static <V> void onPool(ExecutorService pool, Outcome<?> outcome, Callable<V> work,
            Callback<? super V> answer) {
        outcome.start(() -> {
            PoolCall<V> call = new PoolCall<>(work, answer);
            pool.execute(outcome.task(call));
            return call;
        });
    }

    /**
     * Starts an operation: its outcome holds the caller's MDC, copied now, plus the operation's name, and its
     * first steps run on the caller's thread under that MDC, the caller's own map put back before this
     * returns. Every later step runs in a callback or task the outcome made, which puts the same MDC back.
     * The operations name their outcome's type in {@code steps}: from a listener of {@code ? super T} alone,
     * Java would infer a capture type.
     */
    private static <T> Cancellable operation(OperationName name, Callback<? super T> listener,
            Consumer<Outcome<T>> steps) {
        RequestMdc request = RequestMdc.capture(name);
        Outcome<T> outcome = new Outcome<>(request, listener);
        request.run(() -> steps.accept(outcome));
        return outcome;
    }

    private static boolean accepted(Order order, Outcome<?> outcome) {
        return accepted(() -> OrderValidation.requireValid(order), outcome::fail);
    }

    /** The order, then the operation's own parameter ({@code alsoValid}): an invalid order reads as in R5. */
    private static boolean accepted(Order order, Runnable alsoValid, Outcome<?> outcome) {
        return accepted(() -> {
            OrderValidation.requireValid(order);
            alsoValid.run();
        }, outcome::fail);
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

    private static List<BakedPizza> inOrder(AtomicReferenceArray<BakedPizza> baked) {
        BakedPizza[] pizzas = new BakedPizza[baked.length()];
        for (int i = 0; i < pizzas.length; i++) {
            pizzas[i] = baked.get(i);
        }
        return List.of(pizzas);
    }
}
