package dev.asyncref.virtualthreads.structured;

import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.BOOK;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.QUOTE;
import static dev.asyncref.domain.Step.RESERVE;
import static dev.asyncref.virtualthreads.RequestScope.forked;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Route;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.BlockingSteps;
import dev.asyncref.virtualthreads.patterns.GiveBacks;
import dev.asyncref.virtualthreads.patterns.Retry;
import dev.asyncref.virtualthreads.structured.patterns.BoundedConcurrency;
import dev.asyncref.virtualthreads.structured.patterns.FirstSuccess;
import dev.asyncref.virtualthreads.structured.patterns.Hedge;
import dev.asyncref.virtualthreads.structured.patterns.TimeLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The workload with structured concurrency (JEP 505, a preview API in JDK 25 that changes again in JDK 26): its
 * patterns ({@link dev.asyncref.virtualthreads.structured.patterns}, the only code that uses the API) fork each
 * call into a {@code StructuredTaskScope}, whose forks end with it. Sequential steps, retries and streams are the
 * same plain blocking code as {@link dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria}'s; what differs is
 * fan-out, races and time limits, where a scope replaces the executor bookkeeping.
 *
 * <ul>
 *   <li><b>Threads.</b> Every step runs on the calling thread, meant to be virtual. Fan-out, races, a hedge and
 *       a step with a time limit fork each call into a scope, and no fork outlives it (it shows as a tree in
 *       thread dumps); retries run on the calling thread, which sleeps through each pause; give-backs run on a
 *       virtual thread of their own, outside every scope.
 *   <li><b>Blocking and CPU-bound work.</b> Blocking is the idiom: a blocked virtual thread holds no platform
 *       thread. planDelivery's route planning, CPU-bound, runs on a core instead ({@link #planDelivery}).
 *   <li><b>Context.</b> Every method runs for the request bound in
 *       {@link dev.asyncref.virtualthreads.RequestScope}, a scoped value, which every fork inherits from its
 *       scope's owner with nothing written: structured concurrency's own answer to context propagation. Each
 *       call handed to a pattern only copies it into its fork's MDC, which the services, the log and the domain
 *       exceptions read ({@code forked}).
 *   <li><b>Cancellation.</b> Interrupting the calling thread cancels the call it waits on, or the scope it waits
 *       for, which interrupts every fork, and throws {@link InterruptedException}; an interrupted thread starts
 *       no step. It does not reach placeOrder's give-backs, and stays pending for the caller.
 *   <li><b>Errors.</b> Thrown as they are, the domain exception itself, unwrapped from the scope's
 *       {@code FailedException}, once every fork of the operation has stopped; each names its operation and
 *       request, being made on a thread that has them in its MDC.
 *   <li><b>Backpressure.</b> A stream is pulled: the consumer's pace is the only pace ({@link #track}).
 * </ul>
 */
public final class StructuredPizzeria implements BlockingPizzeria {

    private final BlockingSteps steps;
    private final MenuService menu;
    private final KitchenService kitchen;
    private final List<CourierService> couriers;

    public StructuredPizzeria(Downstream downstream) {
        this.steps = new BlockingSteps(downstream);
        this.menu = downstream.menu();
        this.kitchen = downstream.kitchen();
        this.couriers = downstream.couriers();
    }

    @Override
    public Quote quote(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        return steps.quote(order);
    }

    @Override
    public Receipt checkout(Order order) throws InterruptedException {
        Quote quote = quote(order);
        return steps.charge(order, quote);
    }

    @Override
    public List<BakedPizza> bake(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        // Every pizza at once: bounded by nothing but the order, failing fast all the same.
        return bakeInOvens(order.pizzas(), order.pizzas().size());
    }

    @Override
    public List<BakedPizza> bakeBatch(Order order, int ovens) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidOvens(ovens);
        return bakeInOvens(order.pizzas(), ovens);
    }

    @Override
    public List<BakeOutcome> bakeBatchOutcomes(Order order, int ovens) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidOvens(ovens);
        return BoundedConcurrency.inOrderCollectingAll(order.pizzas(), ovens,
                pizza -> forked(() -> new BakeOutcome.Baked(kitchen.bake(pizza))),
                (pizza, failure) -> new BakeOutcome.Failed(pizza, BAKE.failed(failure)));
    }

    @Override
    public CourierOffer findCourier(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        return firstOffer(order);
    }

    @Override
    public Quote quoteWithin(Order order, Duration timeout) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(timeout);
        // A per-call timeout is a deadline with a single step.
        return beforeDeadline(TimeLimits.Deadline.in(timeout), timeout, QUOTE, () -> steps.quote(order));
    }

    @Override
    public Receipt checkoutWithin(Order order, Duration limit) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(limit);
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(limit);
        Quote quote = beforeDeadline(deadline, limit, QUOTE, () -> steps.quote(order));
        return beforeDeadline(deadline, limit, CHARGE, () -> steps.charge(order, quote));
    }

    /** The race under a time limit: the fallback comes once every late courier has stopped. */
    @Override
    public CourierOffer findCourierWithin(Order order, Duration timeout) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(timeout);
        try {
            return TimeLimits.withTimeout(forked(() -> firstOffer(order)), timeout, TimeoutException::new);
        } catch (TimeoutException noOfferInTime) {
            return CourierOffer.OWN_DRIVER;
        } catch (ExecutionException checked) {
            throw BlockingSteps.unchecked(checked);
        }
    }

    @Override
    public Quote quoteHedged(Order order, Duration hedgeAfter) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidHedgeDelay(hedgeAfter);
        return Hedge.hedged(forked(() -> menu.quote(order)), hedgeAfter, QUOTE::allFailed);
    }

    /** Each attempt and each pause on the calling thread: a loop, which an interrupt ends at once. */
    @Override
    public Quote quoteWithRetries(Order order, RetryPolicy retries) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidRetries(retries);
        return Retry.retrying(() -> menu.quote(order),
                new Retry.Backoff(retries.attempts(), retries.firstBackoff(), retries.jitter()),
                DownstreamException::worthRetrying, QUOTE::failedAfter);
    }

    /**
     * Each step records what it acquires as its call returns, on its fork; on a failure, a timeout or an
     * interrupt, everything is given back, latest first, before placeOrder throws, with the failure of any
     * give-back suppressed in what it throws.
     */
    @Override
    public PlacedOrder placeOrder(Order order, Duration limit) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(limit);
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(limit);
        GiveBacks giveBacks = BlockingSteps.giveBacks();
        try {
            Reservation reservation = beforeDeadline(deadline, limit, RESERVE, () -> steps.reserve(order, giveBacks));
            Receipt receipt = beforeDeadline(deadline, limit, CHARGE, () -> steps.charge(order, giveBacks));
            Booking booking = beforeDeadline(deadline, limit, BOOK, () -> steps.book(order, giveBacks));
            return new PlacedOrder(reservation, receipt, booking);
        } catch (Throwable failure) {
            // Each step's scope has closed, its fork stopped: all that was acquired is recorded by now, even an
            // answer the scope dropped because it came after the scope was cancelled.
            giveBacks.giveBackAll().forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * The lookup blocks the calling thread, as any call does: no pool is needed for blocking. The planning
     * computes on a platform thread, at most one per core ({@link dev.asyncref.virtualthreads.Cores}), since a
     * virtual thread that computes is never preempted and would hold its carrier.
     */
    @Override
    public DeliveryPlan planDelivery(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        Address address = steps.lookUpAddress(order);
        Route route = steps.planRoute(address);
        return new DeliveryPlan(order, address, route);
    }

    /** One call per update pulled, on the consumer's thread: a lazy loop of blocking calls forks nothing. */
    @Override
    public Stream<OrderUpdate> track(Order order) {
        return steps.track(order);
    }

    /** One page at a time, fetched only when the consumer pulls past the pages before. */
    @Override
    public Stream<PastOrder> history(String customer) {
        return steps.history(customer);
    }

    @Override
    public void giveBack(PlacedOrder placed) {
        steps.giveBack(placed);
    }

    /** Each pizza forked, at most {@code ovens} baking at once; the first failure cancels the scope. */
    private List<BakedPizza> bakeInOvens(List<Pizza> pizzas, int ovens) throws InterruptedException {
        try {
            return BoundedConcurrency.inOrder(pizzas, ovens, pizza -> forked(() -> steps.bake(pizza)));
        } catch (ExecutionException checked) {
            throw BlockingSteps.unchecked(checked);
        }
    }

    /** Every courier at once, the first offer winning once the others have stopped. */
    private CourierOffer firstOffer(Order order) throws InterruptedException {
        return FirstSuccess.firstSuccess(couriers.stream()
                .map(courier -> forked(() -> courier.offer(order)))
                .toList(), FIND_COURIER::allFailed);
    }

    /**
     * {@code call}, {@code step} of an operation bound by {@code deadline}: not started once it has passed, and
     * forked into a scope that times out when it passes, the step's timeout thrown once the fork has stopped.
     */
    private static <T> T beforeDeadline(TimeLimits.Deadline deadline, Duration limit, Step step, Callable<T> call)
            throws InterruptedException {
        try {
            return TimeLimits.beforeDeadline(deadline, forked(call), () -> step.timedOut(limit));
        } catch (ExecutionException checked) {
            throw BlockingSteps.unchecked(checked);
        }
    }
}
