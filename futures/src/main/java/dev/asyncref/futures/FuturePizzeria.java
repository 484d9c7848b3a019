package dev.asyncref.futures;

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
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Payment;
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
import dev.asyncref.futures.CallStream.Answer;
import dev.asyncref.futures.patterns.BoundedConcurrency;
import dev.asyncref.futures.patterns.FirstSuccess;
import dev.asyncref.futures.patterns.GiveBacks;
import dev.asyncref.futures.patterns.Hedge;
import dev.asyncref.futures.patterns.Retry;
import dev.asyncref.futures.patterns.TimeLimits;
import dev.asyncref.workload.Pizzeria;
import io.micrometer.context.ContextSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The workload with {@link CompletableFuture}. It implements {@link Pizzeria} directly: a
 * {@code CompletableFuture} is a {@code CompletionStage}, and {@link #operation} is the edge every result
 * passes through; a stream, which no future can be, is a {@link CallStream} of futures, one per call.
 *
 * <ul>
 *   <li><b>Threads.</b> The first calls start on the caller's thread. Every answer, however it arrives, is
 *       handed to the {@code executor} given here before anything of ours sees it ({@link CallScope#start}),
 *       and every next step and the returned future's completion run there too: never on the services' event
 *       loop, nor on the common pool, which the whole JVM shares (on 2 cores, one thread). Timers are the JDK's
 *       own ({@code completeOnTimeout}); what follows a timer runs on the executor, which each pattern takes
 *       as its last parameter.
 *   <li><b>Blocking and CPU-bound work.</b> Only {@link #planDelivery} has any: its lookup runs on an
 *       executor meant for blocking, its planning on a pool bounded to the cores, never on the executor.
 *   <li><b>Context.</b> Each operation captures its caller's MDC once, when it is called, adds its own name,
 *       and puts both around each of its tasks on any thread, then takes them off ({@link OperationContext}):
 *       every call, failure and end line ({@link OperationLog}) carries the request's id, and no pooled thread
 *       keeps it. A stream captures its subscriber's MDC on subscribe.
 *   <li><b>Cancellation.</b> {@code cancel(true)} on the returned future cancels every call in flight and every
 *       pattern's timer (a hedge's delay, a retry's pause), and starts no further step ({@link CallScope}); a
 *       blocked lookup or a computing planning is interrupted ({@link InterruptibleTask}). The give-backs of
 *       {@link #placeOrder} are not cancelled.
 *   <li><b>Errors.</b> The returned future fails with the domain exception itself, never a
 *       {@link CompletionException} nor the JDK's {@link java.util.concurrent.TimeoutException}, made on a
 *       thread carrying the request's MDC, so that it names the operation and the request ({@code checkout
 *       [request r-7]: step 'charge' failed: ...}). Whatever ends an operation cancels its leftover calls (a
 *       failed bake's siblings, a race's losers, a late call) and logs its end before the result is delivered
 *       ({@link #operation}). A call's failure that comes as the caller cancels goes to nobody (R6.7).
 *   <li><b>Backpressure.</b> Demand passed through: a stream makes each call only once its subscriber has
 *       requested more than the calls before brought ({@link CallStream}).
 * </ul>
 */
public final class FuturePizzeria implements Pizzeria {

    private final FutureServices services;
    private final Executor executor;
    private final Executor blocking;
    private final Executor planning;

    /**
     * @param executor runs every step of every operation and completes every returned future; this class never
     *     blocks it
     * @param blocking runs the legacy address lookups, each holding its thread until the answer: an executor
     *     meant for blocking, with more threads than cores (virtual threads, or a pool sized to what the legacy
     *     system can take), never {@code executor}, whose few threads a handful of slow lookups would take
     * @param planning runs the route plannings, each keeping a core busy: a pool bounded to the cores, apart from
     *     {@code executor} and from any timer
     */
    public FuturePizzeria(Downstream downstream, Executor executor, Executor blocking, Executor planning) {
        this.services = new FutureServices(downstream);
        this.executor = executor;
        this.blocking = blocking;
        this.planning = planning;
    }

    @Override
    public CompletableFuture<Quote> quote(Order order) {
        return operation(OperationName.QUOTE, order, calls -> quote(order, calls));
    }

    @Override
    public CompletableFuture<Receipt> checkout(Order order) {
        return operation(OperationName.CHECKOUT, order, calls -> quote(order, calls)
                .thenComposeAsync(quote -> charge(order, quote, calls), calls.executor()));
    }

    @Override
    public CompletableFuture<List<BakedPizza>> bake(Order order) {
        // Every pizza at once: bounded by nothing but the order, failing fast all the same.
        return operation(OperationName.BAKE, order, calls -> BoundedConcurrency.inOrder(order.pizzas(),
                order.pizzas().size(), pizza -> bakeOne(pizza, calls)));
    }

    @Override
    public CompletableFuture<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH, order, () -> requireValidOvens(ovens),
                calls -> BoundedConcurrency.inOrder(order.pizzas(), ovens, pizza -> bakeOne(pizza, calls)));
    }

    @Override
    public CompletableFuture<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH_OUTCOMES, order, () -> requireValidOvens(ovens),
                calls -> BoundedConcurrency.inOrderCollectingAll(order.pizzas(), ovens,
                        pizza -> calls.<BakedPizza, BakeOutcome>start(() -> services.bake(pizza),
                                BakeOutcome.Baked::new, failure -> failure),
                        (pizza, failure) -> new BakeOutcome.Failed(pizza, BAKE.failed(failure))));
    }

    @Override
    public CompletableFuture<CourierOffer> findCourier(Order order) {
        return operation(OperationName.FIND_COURIER, order, calls -> firstOffer(order, calls));
    }

    @Override
    public CompletableFuture<Quote> quoteWithin(Order order, Duration timeout) {
        return operation(OperationName.QUOTE_WITHIN, order, () -> requireValidTimeout(timeout),
                calls -> TimeLimits.withTimeout(() -> quote(order, calls), timeout, () -> QUOTE.timedOut(timeout),
                        calls.executor()));
    }

    @Override
    public CompletableFuture<Receipt> checkoutWithin(Order order, Duration deadline) {
        return operation(OperationName.CHECKOUT_WITHIN, order, () -> requireValidTimeout(deadline), calls -> {
            TimeLimits.Deadline end = TimeLimits.Deadline.in(deadline);
            return beforeDeadline(end, deadline, QUOTE, () -> quote(order, calls), calls)
                    .thenComposeAsync(quote -> beforeDeadline(end, deadline, CHARGE,
                            () -> charge(order, quote, calls), calls), calls.executor());
        });
    }

    @Override
    public CompletableFuture<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        // On the race's own future, never on the returned one: the edge cancels the late couriers first.
        return operation(OperationName.FIND_COURIER_WITHIN, order, () -> requireValidTimeout(timeout),
                calls -> firstOffer(order, calls)
                        .completeOnTimeout(CourierOffer.OWN_DRIVER, TimeUnit.NANOSECONDS.convert(timeout),
                                TimeUnit.NANOSECONDS));
    }

    @Override
    public CompletableFuture<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return operation(OperationName.QUOTE_HEDGED, order, () -> requireValidHedgeDelay(hedgeAfter),
                calls -> Hedge.hedged(() -> calls.start(() -> services.quote(order)), hedgeAfter, QUOTE::allFailed,
                        calls.executor()));
    }

    @Override
    public CompletableFuture<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return operation(OperationName.QUOTE_WITH_RETRIES, order, () -> requireValidRetries(retries),
                calls -> Retry.retrying(() -> calls.start(() -> services.quote(order)),
                        new Retry.Backoff(retries.attempts(), retries.firstBackoff(), retries.jitter()),
                        DownstreamException::worthRetrying, QUOTE::failedAfter, calls.executor()));
    }

    /**
     * A failed or timed-out order is delivered only once what it acquired has been given back, with any failed
     * give-back suppressed on it. The give-backs run to the end, whatever the caller does ({@link GiveBacks}):
     * after the caller's cancel, one that fails has nothing to travel with and is logged once, under its
     * request (R12.7).
     */
    @Override
    public CompletableFuture<PlacedOrder> placeOrder(Order order, Duration deadline) {
        // Made here, not by the edge, because the give-backs need its executor before the edge runs.
        CallScope calls = new CallScope(OperationName.PLACE_ORDER, executor);
        // A give-back that fails with nobody left to hear it is logged under the request (R12.7).
        GiveBacks giveBacks = new GiveBacks(calls.executor(), OperationLog::giveBackFailed);
        CompletableFuture<PlacedOrder> placed = operation(calls, order, () -> requireValidTimeout(deadline), () -> {
            TimeLimits.Deadline end = TimeLimits.Deadline.in(deadline);
            return beforeDeadline(end, deadline, RESERVE, () -> reserve(order, giveBacks, calls), calls)
                    .thenComposeAsync(reservation -> beforeDeadline(end, deadline, CHARGE,
                                    () -> charge(order, giveBacks, calls), calls)
                            .thenComposeAsync(receipt -> beforeDeadline(end, deadline, BOOK,
                                            () -> book(order, giveBacks, calls), calls)
                                    .thenApply(booking -> new PlacedOrder(reservation, receipt, booking)),
                                    calls.executor()),
                            calls.executor())
                    // Nothing is in flight here: a timed-out step was cancelled before its timeout was delivered.
                    .exceptionallyCompose(error -> giveBacks.giveBackAll().thenCompose(giveBackFailures ->
                            CompletableFuture.failedFuture(withSuppressed(unwrap(error), giveBackFailures))));
        });
        // The caller's cancel can beat a placement that had just succeeded: it is then all given back.
        placed.whenComplete((value, error) -> {
            if (placed.isCancelled()) {
                giveBacks.giveBackAllUnheard();
            }
        });
        return placed;
    }

    /**
     * The lookup, whose legacy client only blocks, runs on {@code blocking}, with more threads than cores:
     * never on the executor, whose threads two slow lookups would take from every operation. The planning keeps
     * a core busy and runs on {@code planning}, bounded to the cores: a timer thread or the executor busy with
     * it would fire no timeout and run no step until it ends. A planning still queued when the operation is
     * cancelled never starts.
     */
    @Override
    public CompletableFuture<DeliveryPlan> planDelivery(Order order) {
        return operation(OperationName.PLAN_DELIVERY, order, calls -> lookUpAddress(order, calls)
                .thenComposeAsync(address -> planRoute(order, address, calls), calls.executor()));
    }

    /**
     * One call at a time, on the executor, made only when the subscriber has requested more than the calls
     * before brought; every signal on the executor, one at a time. Cancelling the subscription cancels the call
     * in flight; a failed call ends the stream with one {@code onError}, the domain exception, after the items
     * before it; invalid input is an {@code onError} after {@code onSubscribe}.
     */
    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return CallStream.publisher(OperationName.TRACK, () -> OrderValidation.requireValid(order), 0,
                (after, calls) -> calls.start(() -> services.next(new TrackingQuery(order, after)),
                        next -> next.map(update -> Answer.more(List.of(update), update.sequence()))
                                .orElseGet(() -> Answer.last(List.of())),
                        TRACK::failed), executor);
    }

    /** As {@link #track}: at most one page (5 orders) fetched beyond what was requested. */
    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return CallStream.publisher(OperationName.HISTORY, () -> OrderValidation.requireValidCustomer(customer), 1,
                (number, calls) -> calls.start(() -> services.page(new PageQuery(customer, number)),
                        page -> page.last() ? Answer.last(page.orders()) : Answer.more(page.orders(), number + 1),
                        HISTORY::failed), executor);
    }

    private CompletableFuture<Quote> quote(Order order, CallScope calls) {
        return calls.start(() -> services.quote(order), QUOTE);
    }

    private CompletableFuture<Receipt> charge(Order order, Quote quote, CallScope calls) {
        return calls.start(() -> services.charge(new Payment(order.customer(), quote.total())), CHARGE);
    }

    private CompletableFuture<BakedPizza> bakeOne(Pizza pizza, CallScope calls) {
        return calls.start(() -> services.bake(pizza), BAKE);
    }

    private CompletableFuture<Reservation> reserve(Order order, GiveBacks giveBacks, CallScope calls) {
        return calls.start(() -> services.reserve(order,
                reservation -> giveBacks.acquired(() -> services.release(reservation))), RESERVE);
    }

    private CompletableFuture<Receipt> charge(Order order, GiveBacks giveBacks, CallScope calls) {
        return calls.start(() -> services.charge(new Payment(order.customer(), Menu.priceOf(order)),
                receipt -> giveBacks.acquired(() -> services.refund(receipt))), CHARGE);
    }

    private CompletableFuture<Booking> book(Order order, GiveBacks giveBacks, CallScope calls) {
        return calls.start(() -> services.book(order,
                booking -> giveBacks.acquired(() -> services.cancelBooking(booking))), BOOK);
    }

    private CompletableFuture<CourierOffer> firstOffer(Order order, CallScope calls) {
        return FirstSuccess.firstSuccess(services.couriers().stream()
                .<Supplier<CompletableFuture<CourierOffer>>>map(courier ->
                        () -> calls.start(() -> services.offer(courier, order)))
                .toList(), FIND_COURIER::allFailed);
    }

    private CompletableFuture<Address> lookUpAddress(Order order, CallScope calls) {
        return calls.start(() -> services.lookup(order.customer(), calls.on(blocking)), ADDRESS);
    }

    private CompletableFuture<DeliveryPlan> planRoute(Order order, Address address, CallScope calls) {
        return calls.start(() -> services.plan(address, calls.on(planning)), ROUTE)
                .thenApply(route -> new DeliveryPlan(order, address, route));
    }


    /**
     * The edge: captures the caller's MDC in a fresh {@link CallScope}, validates, runs {@code steps} there,
     * and completes the returned future on the executor with the value or the unwrapped failure, cancelling
     * leftover calls (a failed fan-out's siblings, a race's losers) first, then logging the end.
     */
    private <T> CompletableFuture<T> operation(OperationName operation, Order order,
            Function<CallScope, CompletableFuture<T>> steps) {
        return operation(operation, order, () -> {}, steps);
    }

    /** The order, then the operation's own parameter ({@code alsoValid}): an invalid order reads as in R5. */
    private <T> CompletableFuture<T> operation(OperationName operation, Order order, Runnable alsoValid,
            Function<CallScope, CompletableFuture<T>> steps) {
        CallScope calls = new CallScope(operation, executor);
        return operation(calls, order, alsoValid, () -> steps.apply(calls));
    }

    private <T> CompletableFuture<T> operation(CallScope calls, Order order, Runnable alsoValid,
            Supplier<CompletableFuture<T>> steps) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // The first steps start here, on the caller's thread: with the operation's MDC, and the caller's back after.
        try (ContextSnapshot.Scope _ = calls.open()) {
            try {
                OrderValidation.requireValid(order);
                alsoValid.run();
            } catch (InvalidOrderException invalid) {
                OperationLog.failed(invalid);
                result.completeExceptionally(invalid);
                return result;
            }
            CompletableFuture<T> running = steps.get();
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    calls.cancelAll();
                    running.cancel(true); // a pattern's own timer (a hedge's delay, a retry's pause) too
                }
            });
            running.whenCompleteAsync((value, error) -> {
                calls.cancelAll();
                if (result.isCancelled()) {
                    return; // the caller gave up on it: there is no outcome to log or deliver
                }
                if (error == null) {
                    OperationLog.succeeded();
                    result.complete(value);
                } else {
                    Throwable failure = unwrap(error);
                    OperationLog.failed(failure);
                    result.completeExceptionally(failure);
                }
            }, calls.executor());
        }
        return result;
    }

    /**
     * {@code step} of an operation bound by {@code end}: not started once it has passed, and cancelled, then
     * failed with the step's timeout, when it passes while the step is in progress.
     */
    private static <T> CompletableFuture<T> beforeDeadline(TimeLimits.Deadline end, Duration limit, Step step,
            Supplier<CompletableFuture<T>> call, CallScope calls) {
        return TimeLimits.beforeDeadline(end, call, () -> step.timedOut(limit), calls.executor());
    }

    private static Throwable withSuppressed(Throwable failure, List<Throwable> suppressed) {
        suppressed.forEach(failure::addSuppressed);
        return failure;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
