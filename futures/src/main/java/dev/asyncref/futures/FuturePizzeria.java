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
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.PastOrder;
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
import dev.asyncref.workload.Pizzeria;
import io.micrometer.context.ContextSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The workload with {@link CompletableFuture}. It implements {@link Pizzeria} directly: a
 * {@code CompletableFuture} is a {@code CompletionStage}, and {@link #operation} is the edge every result
 * passes through; a stream, which no future can be, is a {@link CallStream} of futures, one per call.
 *
 * <ul>
 *   <li><b>Threads.</b> The first calls start on the caller's thread. Every answer, however it arrives (on a
 *       downstream thread, on the JDK's timer), is handed over to the {@code executor} given here before
 *       anything of ours sees it ({@link CallScope#start}), and every next step and the returned future's
 *       completion run there too ({@code *Async(.., executor)}): never on the services' event loop, and
 *       never on the common pool by accident: it is shared by the whole JVM (parallel streams, other
 *       libraries) and on 2 cores has one thread, so one slow task there stalls them all. Time limits use the
 *       JDK's own timer ({@code orTimeout}, {@code completeOnTimeout}; since JDK 25 the common pool's
 *       delay-scheduler thread), never a thread of this class; a timeout's mapping to the domain's exception,
 *       a hedge's or a retry's next call, and every give-back of {@code placeOrder} run on the executor. The
 *       streams ({@code track}, {@code history}) signal every item, completion and error on the executor too,
 *       one signal at a time, and start their calls there ({@link CallStream}).
 *   <li><b>Blocking and CPU-bound work.</b> {@code planDelivery}'s address lookup, whose legacy client only
 *       blocks, runs on {@code blocking}, an executor meant for it, with more threads than cores (virtual
 *       threads, say): never on the executor, whose two threads two slow lookups would take from every
 *       operation, nor on a downstream thread or a timer. Its route planning keeps a core busy and runs on
 *       {@code planning}, a pool bounded to the cores: more plannings at once than cores only take turns,
 *       and a timer thread or the executor busy with them would fire no timeout and run no step until they
 *       end.
 *   <li><b>Context.</b> Each operation captures its caller's MDC (the correlation id) once, when it is
 *       called, adds its own name, and puts both on every thread around each of its tasks (the executor's,
 *       the blocking and the planning pools'), then takes them off: every downstream call, every domain
 *       exception and the end-of-operation line ({@link OperationLog}) carry the request's id, and no pooled
 *       thread keeps it ({@link OperationContext}). A stream captures its subscriber's MDC on subscribe.
 *       Callbacks a caller attaches to the returned future before its outcome run with the request's MDC
 *       too, on the executor.
 *   <li><b>Backpressure.</b> The streams pass demand through to the calls: one call at a time, made only
 *       when the subscriber has requested more than the calls before brought, so at most one call's items
 *       (a page of 5) are fetched beyond what was requested, and nothing is fetched before a request.
 *   <li><b>Cancellation.</b> {@code cancel(true)} on the returned future cancels every call in flight and
 *       starts no further step ({@link CallScope}); a blocked lookup's thread and a computing planning's are
 *       interrupted, and a planning still queued for a core never starts ({@link InterruptibleTask}). A
 *       timeout ends the operation like a failure: the late calls, which {@code orTimeout} leaves running,
 *       are cancelled before the timeout or the fallback is delivered; a step done in time cancels its own
 *       timer. A hedge's delay and a retry's pause are in the scope: cancelling the operation cancels them,
 *       and no call follows. The give-backs of {@code placeOrder} are not: a cancelled operation still gives
 *       back what it acquired, to the end ({@link GiveBacks}). Cancelling a stream's subscription cancels its
 *       call in flight; nothing is signalled after it. A cancelled operation logs no end line.
 *   <li><b>Errors.</b> The returned future fails with the domain exception itself: {@link #operation}
 *       unwraps the {@link CompletionException} that every derived stage adds, so {@code whenComplete}
 *       and {@code handle} see a {@link dev.asyncref.domain.StepFailedException}, not a wrapper; a timeout
 *       is a {@link TimedOutException} naming the step in progress, never the {@link TimeoutException}
 *       that {@code orTimeout} fails with. Each is made on a thread carrying the request's MDC, so its
 *       message names the operation and the request ({@code checkout [request r-7]: step 'charge' failed:
 *       ...}). Whatever ends an operation, its leftover calls are cancelled and its end is logged before
 *       the result is delivered: a failed bake's siblings, a race's losers, a timed-out call. A failed or
 *       timed-out {@code placeOrder} is delivered only once what it acquired has been given back, with any
 *       failed give-back suppressed on it; after the caller's cancel, one that fails has nothing to travel
 *       with and is logged once, under its request (R12.7), and a call's failure that comes as the caller
 *       cancels goes to nobody (R6.7). A stream's failed call ends it with one {@code onError}, the same
 *       domain exception, after the items before it; invalid input is an {@code onError} after
 *       {@code onSubscribe}, never an exception from {@code subscribe}.
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
        return operation(OperationName.BAKE, order, calls -> allOrFirstFailure(order.pizzas().stream()
                .map(pizza -> calls.start(() -> services.bake(pizza)).exceptionallyCompose(failedAt(BAKE)))
                .toList()));
    }

    @Override
    public CompletableFuture<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH, order, () -> requireValidOvens(ovens),
                calls -> BoundedBatch.start(order.pizzas(), ovens, calls.executor(),
                        pizza -> calls.start(() -> services.bake(pizza)).exceptionallyCompose(failedAt(BAKE))));
    }

    @Override
    public CompletableFuture<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return operation(OperationName.BAKE_BATCH_OUTCOMES, order, () -> requireValidOvens(ovens),
                calls -> BoundedBatch.start(order.pizzas(), ovens, calls.executor(),
                        pizza -> calls.start(() -> services.bake(pizza))
                                .<BakeOutcome>thenApply(BakeOutcome.Baked::new)
                                .exceptionally(error -> new BakeOutcome.Failed(pizza, BAKE.failed(unwrap(error))))));
    }

    @Override
    public CompletableFuture<CourierOffer> findCourier(Order order) {
        return operation(OperationName.FIND_COURIER, order, calls -> findCourier(order, calls));
    }

    @Override
    public CompletableFuture<Quote> quoteWithin(Order order, Duration timeout) {
        return operation(OperationName.QUOTE_WITHIN, order, () -> requireValidTimeout(timeout),
                calls -> within(calls, quote(order, calls), timeout, () -> QUOTE.timedOut(timeout)));
    }

    @Override
    public CompletableFuture<Receipt> checkoutWithin(Order order, Duration deadline) {
        return operation(OperationName.CHECKOUT_WITHIN, order, () -> requireValidTimeout(deadline), calls -> {
            Deadline end = Deadline.in(deadline);
            return before(calls, end, QUOTE, () -> quote(order, calls))
                    .thenComposeAsync(quote -> before(calls, end, CHARGE, () -> charge(order, quote, calls)),
                            calls.executor());
        });
    }

    @Override
    public CompletableFuture<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        // On the race's own future, never on the returned one: the edge cancels the late couriers first.
        return operation(OperationName.FIND_COURIER_WITHIN, order, () -> requireValidTimeout(timeout),
                calls -> findCourier(order, calls)
                        .completeOnTimeout(CourierOffer.OWN_DRIVER, nanos(timeout), TimeUnit.NANOSECONDS));
    }

    @Override
    public CompletableFuture<Quote> quoteHedged(Order order, Duration hedgeAfter) {
        return operation(OperationName.QUOTE_HEDGED, order, () -> requireValidHedgeDelay(hedgeAfter),
                calls -> firstSuccess(QUOTE, List.of(
                        calls.start(() -> services.quote(order)),
                        // The delay is a timer in the scope: an answer in time ends the operation and cancels it.
                        calls.start(() -> after(hedgeAfter)).thenComposeAsync(
                                elapsed -> calls.start(() -> services.quote(order)), calls.executor()))));
    }

    @Override
    public CompletableFuture<Quote> quoteWithRetries(Order order, RetryPolicy retries) {
        return operation(OperationName.QUOTE_WITH_RETRIES, order, () -> requireValidRetries(retries),
                calls -> retrying(QUOTE, retries, calls, () -> services.quote(order), 1, List.of()));
    }

    @Override
    public CompletableFuture<PlacedOrder> placeOrder(Order order, Duration deadline) {
        // Made here, not by the edge, because the give-backs need its executor before the edge runs.
        CallScope calls = new CallScope(OperationName.PLACE_ORDER, executor);
        GiveBacks giveBacks = new GiveBacks(calls.executor());
        CompletableFuture<PlacedOrder> placed = operation(calls, order, () -> requireValidTimeout(deadline), () -> {
            Deadline end = Deadline.in(deadline);
            return before(calls, end, RESERVE, () -> reserve(order, giveBacks, calls))
                    .thenComposeAsync(reservation -> before(calls, end, CHARGE, () -> charge(order, giveBacks, calls))
                            .thenComposeAsync(receipt -> before(calls, end, BOOK, () -> book(order, giveBacks, calls))
                                    .thenApply(booking -> new PlacedOrder(reservation, receipt, booking)),
                                    calls.executor()),
                            calls.executor())
                    .exceptionallyCompose(error -> {
                        calls.cancelAll(); // stop the step in progress (a timed-out booking) before giving back
                        return giveBacks.giveBackAll().thenCompose(giveBackFailures ->
                                CompletableFuture.failedFuture(withSuppressed(unwrap(error), giveBackFailures)));
                    });
        });
        // The caller's cancel can beat a placement that had just succeeded: it is then all given back.
        placed.whenComplete((value, error) -> {
            if (placed.isCancelled()) {
                giveBacks.giveBackAllUnheard();
            }
        });
        return placed;
    }

    @Override
    public CompletableFuture<DeliveryPlan> planDelivery(Order order) {
        return operation(OperationName.PLAN_DELIVERY, order, calls -> lookUpAddress(order, calls)
                .thenComposeAsync(address -> planRoute(order, address, calls), calls.executor()));
    }

    @Override
    public Flow.Publisher<OrderUpdate> track(Order order) {
        return CallStream.publisher(OperationName.TRACK, () -> OrderValidation.requireValid(order), 0,
                (after, calls) -> calls.start(() -> services.next(new TrackingQuery(order, after)))
                        .thenApply(next -> next.map(update -> Answer.more(List.of(update), update.sequence()))
                                .orElseGet(() -> Answer.last(List.of())))
                        .exceptionallyCompose(failedAt(TRACK)), executor);
    }

    @Override
    public Flow.Publisher<PastOrder> history(String customer) {
        return CallStream.publisher(OperationName.HISTORY, () -> OrderValidation.requireValidCustomer(customer), 1,
                (number, calls) -> calls.start(() -> services.page(new PageQuery(customer, number)))
                        .thenApply(page -> page.last()
                                ? Answer.last(page.orders())
                                : Answer.more(page.orders(), number + 1))
                        .exceptionallyCompose(failedAt(HISTORY)), executor);
    }

    private CompletableFuture<Quote> quote(Order order, CallScope calls) {
        return calls.start(() -> services.quote(order)).exceptionallyCompose(failedAt(QUOTE));
    }

    private CompletableFuture<Receipt> charge(Order order, Quote quote, CallScope calls) {
        return calls.start(() -> services.charge(new Payment(order.customer(), quote.total())))
                .exceptionallyCompose(failedAt(CHARGE));
    }

    private CompletableFuture<Reservation> reserve(Order order, GiveBacks giveBacks, CallScope calls) {
        return calls.start(() -> services.reserve(order,
                        reservation -> giveBacks.acquired(() -> services.release(reservation))))
                .exceptionallyCompose(failedAt(RESERVE));
    }

    private CompletableFuture<Receipt> charge(Order order, GiveBacks giveBacks, CallScope calls) {
        return calls.start(() -> services.charge(new Payment(order.customer(), Menu.priceOf(order)),
                        receipt -> giveBacks.acquired(() -> services.refund(receipt))))
                .exceptionallyCompose(failedAt(CHARGE));
    }

    private CompletableFuture<Booking> book(Order order, GiveBacks giveBacks, CallScope calls) {
        return calls.start(() -> services.book(order,
                        booking -> giveBacks.acquired(() -> services.cancelBooking(booking))))
                .exceptionallyCompose(failedAt(BOOK));
    }

    private CompletableFuture<CourierOffer> findCourier(Order order, CallScope calls) {
        return firstSuccess(FIND_COURIER, services.couriers().stream()
                .map(courier -> calls.start(() -> services.offer(courier, order)))
                .toList());
    }

    private CompletableFuture<Address> lookUpAddress(Order order, CallScope calls) {
        return calls.start(() -> services.lookup(order.customer(), calls.on(blocking)))
                .exceptionallyCompose(failedAt(ADDRESS));
    }

    private CompletableFuture<DeliveryPlan> planRoute(Order order, Address address, CallScope calls) {
        return calls.start(() -> services.plan(address, calls.on(planning)))
                .exceptionallyCompose(failedAt(ROUTE))
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
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    calls.cancelAll();
                }
            });
            steps.get().whenCompleteAsync((value, error) -> {
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
     * All values in the futures' order, or the first failure as soon as it happens. {@code allOf} alone
     * waits for every future even after one has failed; completing its result early makes it fail fast.
     */
    private static <T> CompletableFuture<List<T>> allOrFirstFailure(List<CompletableFuture<T>> futures) {
        CompletableFuture<List<T>> all = CompletableFuture.allOf(futures.toArray(CompletableFuture<?>[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
        futures.forEach(future -> future.exceptionally(error -> {
            all.completeExceptionally(error);
            return null;
        }));
        return all;
    }

    /**
     * The first value, or, once every future has failed, the step's failure carrying all of them.
     * {@code anyOf} cannot do this: it takes the first completion, so a quick failure would win the race.
     */
    private static <T> CompletableFuture<T> firstSuccess(Step step, List<CompletableFuture<T>> futures) {
        CompletableFuture<T> first = new CompletableFuture<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger lost = new AtomicInteger();
        futures.forEach(future -> future.whenComplete((value, error) -> {
            if (error == null) {
                first.complete(value);
            } else {
                failures.add(unwrap(error));
                if (lost.incrementAndGet() == futures.size()) {
                    first.completeExceptionally(step.allFailed(List.copyOf(failures)));
                }
            }
        }));
        return first;
    }

    /**
     * Attempt {@code attempt} of {@code call}, and the attempts after it as {@code retries} says: a
     * retryable failure is followed by a pause, then the next attempt; the last failure, or one not worth
     * retrying, fails the step with every failure so far. Each attempt and each pause is in the scope, so
     * cancelling the operation stops either, and a cancelled attempt is not a failure to retry.
     */
    private <T> CompletableFuture<T> retrying(Step step, RetryPolicy retries, CallScope calls,
            Supplier<CompletableFuture<T>> call, int attempt, List<Throwable> failures) {
        return calls.start(call).exceptionallyCompose(error -> {
            Throwable failure = unwrap(error);
            // Not the failure's type: a service may fail with a CancellationException of its own (R11.4).
            if (calls.ended()) {
                return CompletableFuture.failedFuture(failure);
            }
            List<Throwable> all = Stream.concat(failures.stream(), Stream.of(failure)).toList();
            if (attempt == retries.attempts() || !DownstreamException.worthRetrying(failure)) {
                return CompletableFuture.failedFuture(step.failedAfter(all));
            }
            return calls.start(() -> after(retries.backoffBefore(attempt, ThreadLocalRandom.current())))
                    .thenComposeAsync(paused -> retrying(step, retries, calls, call, attempt + 1, all),
                            calls.executor());
        });
    }

    /**
     * A future that completes after {@code pause}, on the JDK's timer. {@code completeOnTimeout} cancels
     * its timer when the future ends first, so cancelling the future leaves no timer behind, which
     * {@code delayedExecutor} cannot do.
     */
    private static CompletableFuture<Void> after(Duration pause) {
        return new CompletableFuture<Void>().completeOnTimeout(null, nanos(pause), TimeUnit.NANOSECONDS);
    }

    /**
     * A step within what is left of the deadline: a step about to start once it has passed fails at once
     * and calls nothing; otherwise it gets what is left, and is named in the timeout if the deadline passes
     * while it is in progress.
     */
    private static <T> CompletableFuture<T> before(CallScope calls, Deadline deadline, Step step,
            Supplier<CompletableFuture<T>> start) {
        if (deadline.hasPassed()) {
            return CompletableFuture.failedFuture(deadline.passedAt(step));
        }
        CompletableFuture<T> started = start.get();
        return within(calls, started, deadline.remaining(), () -> deadline.passedAt(step));
    }

    /**
     * {@code step}, failed with {@code timedOut} unless it completes within {@code limit}. {@code orTimeout}
     * goes on the step's own future, never on the returned one, so that the edge cancels the late call
     * before anyone hears of the timeout. The mapping runs on the operation's executor, not on the JDK's
     * timer thread that fires the timeout: the exception reads the MDC, and the timer's is nobody's.
     */
    private static <T> CompletableFuture<T> within(CallScope calls, CompletableFuture<T> step, Duration limit,
            Supplier<TimedOutException> timedOut) {
        return step.orTimeout(nanos(limit), TimeUnit.NANOSECONDS)
                .exceptionallyComposeAsync(error -> CompletableFuture.failedFuture(
                        unwrap(error) instanceof TimeoutException ? timedOut.get() : error), calls.executor());
    }

    /**
     * A time limit in nanoseconds: {@code toMillis()} would round it down, so a timeout could fire before
     * it is up, and {@code convert} saturates where {@code Duration.toNanos()} throws beyond 292 years.
     */
    private static long nanos(Duration limit) {
        return TimeUnit.NANOSECONDS.convert(limit);
    }

    /** Maps a call's failure to its step's domain exception; the call's own future is never wrapped. */
    private static <T> Function<Throwable, CompletableFuture<T>> failedAt(Step step) {
        return error -> CompletableFuture.failedFuture(step.failed(unwrap(error)));
    }

    private static Throwable withSuppressed(Throwable failure, List<Throwable> suppressed) {
        suppressed.forEach(failure::addSuppressed);
        return failure;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
