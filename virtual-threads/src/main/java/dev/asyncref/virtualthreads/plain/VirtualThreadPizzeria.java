package dev.asyncref.virtualthreads.plain;

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
import static dev.asyncref.virtualthreads.RequestScope.carried;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
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
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Route;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.AddressBook;
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
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.CallStream;
import dev.asyncref.virtualthreads.CallStream.Batch;
import dev.asyncref.virtualthreads.Cores;
import dev.asyncref.virtualthreads.GiveBacks;
import dev.asyncref.virtualthreads.Ovens;
import dev.asyncref.virtualthreads.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The workload in plain blocking code on virtual threads, with nothing newer than an executor.
 *
 * <ul>
 *   <li><b>Threads.</b> Every step runs on the calling thread, meant to be virtual: a blocked virtual thread
 *       costs no platform thread. Fan-out starts one virtual thread per call, from an executor per task; so
 *       does a step with a time limit, since a blocking call cannot time itself out: the caller waits for
 *       it with that limit. A hedged quote forks both requests at once, the hedge asleep until its delay.
 *       Retries run on the calling thread, which sleeps through each backoff. Give-backs run on a virtual
 *       thread of their own ({@link GiveBacks}). A stream has no thread of its own: each call runs on the
 *       consumer's thread, in the pull that needs it ({@link CallStream}). planDelivery's legacy lookup
 *       simply blocks the calling thread, as any call does: no pool is needed for blocking. Its route
 *       planning, CPU-bound, runs on a platform thread, at most one per core ({@link Cores}), since a virtual
 *       thread that computes is never preempted and would hold its carrier, and with as many plannings as
 *       cores, every carrier.
 *   <li><b>Backpressure.</b> A stream is pulled: the consumer's pace is the only pace. A tracking call is
 *       made for each update pulled, and a page only when the consumer pulls past the pages before.
 *   <li><b>Cancellation.</b> Interrupting the calling thread cancels the call it waits on (the service's
 *       blocking face does that) and every forked call, and throws {@link InterruptedException}; an
 *       interrupted thread starts no further step. A call still running when its time is up is interrupted
 *       the same way. An interrupt ends a backoff at once, and a cancelled attempt is never retried. The
 *       first answer of a hedged quote interrupts the other request, or the hedge still asleep, which is then
 *       never sent. An interrupt does not reach placeOrder's give-backs, and stays pending for the caller.
 *       Interrupting a stream's consumer, or closing the stream, cancels its call in flight; no call
 *       follows. An interrupt cancels the lookup; it stops a planning at the planner's next check, and waits
 *       until it has stopped, or keeps a planning that waits for a core from ever starting.
 *   <li><b>Errors.</b> Thrown as they are: a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an
 *       {@link dev.asyncref.domain.InvalidOrderException}; a failed bake interrupts the other bakes, and
 *       waits until they have stopped, before it is thrown; a batch that collects every outcome reports it
 *       as that pizza's outcome instead. A race returns its first success once the losers have stopped; a
 *       hedged quote is a race of two. A timeout, or the fallback that stands in for it, comes only once the
 *       late call has stopped. Retries throw the step's failure with every attempt's failure, once they run
 *       out or meet a failure not worth retrying. placeOrder gives back what it acquired, latest first,
 *       before it throws whatever stopped it, with the failure of any give-back suppressed in it; through
 *       {@link dev.asyncref.virtualthreads.BlockingBridge}, whose cancelled stage hears nothing more, such a
 *       failure is logged once, under its request, instead (R12.7). A stream's
 *       failed call is thrown from the pull that made it, once the items before it have been pulled; a
 *       cancelled one throws {@link java.util.concurrent.CancellationException}. Each failure names its
 *       operation and request: it is created on a thread that has them in its MDC (below).
 *   <li><b>Context.</b> Every method runs for the request bound in {@link RequestScope}, a scoped value
 *       ({@link dev.asyncref.virtualthreads.BlockingBridge} binds it for each operation). An executor's
 *       threads do not inherit scoped values, so each task handed to one is wrapped to bind the request again
 *       on its thread, for that task only ({@link RequestScope#carried}); the same goes for the give-backs'
 *       and the planning's threads. Each of these threads has the request in its MDC while it runs the
 *       task, so that the services, the log and the domain exceptions see it, and nothing after.
 * </ul>
 */
public final class VirtualThreadPizzeria implements BlockingPizzeria {

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

    public VirtualThreadPizzeria(Downstream downstream) {
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
    }

    @Override
    public Quote quote(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        return price(order);
    }

    @Override
    public Receipt checkout(Order order) throws InterruptedException {
        Quote quote = quote(order);
        return charge(order, quote);
    }

    @Override
    public List<BakedPizza> bake(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        // close() at the end of the block waits for every forked thread: none outlives the operation.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<BakedPizza> completion = new ExecutorCompletionService<>(executor);
            List<Future<BakedPizza>> bakes = new ArrayList<>();
            for (Pizza pizza : order.pizzas()) {
                // Carried, as every task handed to an executor here: its thread inherits no scoped value.
                bakes.add(completion.submit(carried(() -> bakeOne(pizza))));
            }
            try {
                // Wait in completion order, not list order, so that the first failure is seen at once.
                for (int i = 0; i < bakes.size(); i++) {
                    Future<BakedPizza> done = completion.take();
                    if (done.state() == Future.State.FAILED) {
                        throw unchecked(done.exceptionNow());
                    }
                }
            } finally {
                bakes.forEach(bake -> bake.cancel(true)); // on failure or interrupt: stop the rest
            }
            return bakes.stream().map(Future::resultNow).toList();
        }
    }

    @Override
    public List<BakedPizza> bakeBatch(Order order, int ovens) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidOvens(ovens);
        return bakeInOvens(order.pizzas(), ovens, this::bakeOne);
    }

    @Override
    public List<BakeOutcome> bakeBatchOutcomes(Order order, int ovens) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidOvens(ovens);
        return bakeInOvens(order.pizzas(), ovens, this::outcomeOf);
    }

    /** Bakes each pizza on a virtual thread, at most {@code count} at once; a failure stops the batch. */
    private static <T> List<T> bakeInOvens(List<Pizza> pizzas, int count, Ovens.Bake<T> bake)
            throws InterruptedException {
        Ovens ovens = new Ovens(count);
        List<Future<T>> bakes = new ArrayList<>();
        // close() at the end of the block waits for every forked thread: none outlives the operation.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            boolean allEnded = false;
            try {
                for (Pizza pizza : pizzas) {
                    if (!ovens.take()) {
                        break; // a bake failed: fork no more
                    }
                    bakes.add(executor.submit(carried(ovens.givingBackTheOven(() -> bake.bake(pizza)))));
                }
                allEnded = ovens.takeAll();
            } finally {
                // On failure or interrupt only: a bake that has given its oven back may not have set its
                // result yet, and cancelling it then would throw that result away.
                if (!allEnded) {
                    bakes.forEach(inFlight -> inFlight.cancel(true));
                }
            }
        }
        // Not read from its future: the cancelling above may have reached that future before its failure.
        if (ovens.failure() != null) {
            throw unchecked(ovens.failure());
        }
        return bakes.stream().map(Future::resultNow).toList();
    }

    @Override
    public CourierOffer findCourier(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // close() at the end of the block waits until every loser has stopped.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return executor.invokeAny(offers(order, failures));
        } catch (ExecutionException everyCourierFailed) {
            throw FIND_COURIER.allFailed(List.copyOf(failures));
        }
    }

    @Override
    public Quote quoteWithin(Order order, Duration timeout) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(timeout);
        // A per-call timeout is a deadline with a single step.
        return within(Deadline.in(timeout), QUOTE, () -> price(order));
    }

    @Override
    public Receipt checkoutWithin(Order order, Duration limit) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(limit);
        Deadline deadline = Deadline.in(limit);
        Quote quote = within(deadline, QUOTE, () -> price(order));
        return within(deadline, CHARGE, () -> charge(order, quote));
    }

    @Override
    public CourierOffer findCourierWithin(Order order, Duration timeout) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(timeout);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // On timeout, invokeAny interrupts every courier still running, and close() waits until they have
        // stopped: the catch clauses run after it.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // convert, not toNanos: a timeout beyond 292 years saturates instead of overflowing.
            return executor.invokeAny(offers(order, failures), TimeUnit.NANOSECONDS.convert(timeout),
                    TimeUnit.NANOSECONDS);
        } catch (TimeoutException noOfferInTime) {
            return CourierOffer.OWN_DRIVER;
        } catch (ExecutionException everyCourierFailed) {
            throw FIND_COURIER.allFailed(List.copyOf(failures));
        }
    }

    @Override
    public Quote quoteHedged(Order order, Duration hedgeAfter) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidHedgeDelay(hedgeAfter);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Callable<Quote> first = () -> menu.quote(order);
        Callable<Quote> hedge = () -> {
            // The first answer interrupts this sleep, and an interrupted thread starts no call: no hedge is
            // sent once an answer is in, nor after the operation has ended.
            Thread.sleep(hedgeAfter);
            return menu.quote(order);
        };
        // A race of two, as in findCourier; close() waits until the loser, or the hedge asleep, has stopped.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return executor.invokeAny(List.of(carried(recordingFailure(first, failures)),
                    carried(recordingFailure(hedge, failures))));
        } catch (ExecutionException bothFailed) {
            throw QUOTE.allFailed(List.copyOf(failures));
        }
    }

    @Override
    public Quote quoteWithRetries(Order order, RetryPolicy retries) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidRetries(retries);
        List<RuntimeException> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            // InterruptedException is not caught: a cancelled attempt is not a failure to retry.
            try {
                return menu.quote(order);
            } catch (RuntimeException failure) {
                failures.add(failure);
                if (attempt == retries.attempts() || !DownstreamException.worthRetrying(failure)) {
                    throw QUOTE.failedAfter(failures);
                }
            }
            // Retry n follows attempt n. An interrupt ends the sleep at once, and no attempt follows.
            Thread.sleep(retries.backoffBefore(attempt, ThreadLocalRandom.current()));
        }
    }

    @Override
    public PlacedOrder placeOrder(Order order, Duration limit) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(limit);
        Deadline deadline = Deadline.in(limit);
        GiveBacks giveBacks = new GiveBacks();
        try {
            Reservation reservation = within(deadline, RESERVE, () -> reserve(order, giveBacks));
            Receipt receipt = within(deadline, CHARGE, () -> charge(order, giveBacks));
            Booking booking = within(deadline, BOOK, () -> book(order, giveBacks));
            return new PlacedOrder(reservation, receipt, booking);
        } catch (Throwable failure) {
            // Each within() has waited for its fork: all that was acquired is recorded by now.
            giveBacks.giveBackAll().forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @Override
    public DeliveryPlan planDelivery(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        Address address = lookUp(order);
        Route route = planRoute(address);
        return new DeliveryPlan(order, address, route);
    }

    @Override
    public Stream<OrderUpdate> track(Order order) {
        OrderValidation.requireValid(order);
        // Each long-poll asks for the update after the last one the stream had: 0 before the first.
        return CallStream.of(0L, after -> {
            Optional<OrderUpdate> update = follow(order, after);
            return update.map(next -> Batch.then(List.of(next), next.sequence()))
                    .orElseGet(() -> Batch.last(List.of()));
        });
    }

    @Override
    public Stream<PastOrder> history(String customer) {
        OrderValidation.requireValidCustomer(customer);
        return CallStream.of(1L, number -> {
            Page page = page(customer, number);
            return page.last() ? Batch.last(page.orders()) : Batch.then(page.orders(), number + 1);
        });
    }

    @Override
    public void giveBack(PlacedOrder placed) {
        GiveBacks giveBacks = new GiveBacks();
        giveBacks.acquired(placed.reservation(), stock::release);
        giveBacks.acquired(placed.receipt(), payments::refund);
        giveBacks.acquired(placed.booking(), dispatch::cancelBooking);
        List<Exception> failures = giveBacks.giveBackAll();
        if (!failures.isEmpty()) {
            IllegalStateException notAllGivenBack = new IllegalStateException("not all given back: " + placed);
            failures.forEach(notAllGivenBack::addSuppressed);
            throw notAllGivenBack;
        }
    }

    /** One call per courier, each recording its failure, each carrying the request to its thread. */
    private List<Callable<CourierOffer>> offers(Order order, Queue<Throwable> failures) {
        return couriers.stream()
                .map(courier -> carried(recordingFailure(() -> courier.offer(order), failures)))
                .toList();
    }

    /**
     * {@code call}, adding its failure to {@code failures}. invokeAny returns the first success and cancels
     * the rest, but keeps only one failure: each alternative records its own, so that a lost race can report
     * them all.
     */
    private static <T> Callable<T> recordingFailure(Callable<T> call, Queue<Throwable> failures) {
        return () -> {
            try {
                return call.call();
            } catch (RuntimeException failure) {
                failures.add(failure);
                throw failure;
            }
        };
    }

    /**
     * {@code call}, for {@code step}, given what is left of {@code deadline}. It runs on a virtual thread
     * of its own because a blocking call cannot time itself out: this thread waits for it with a limit,
     * and when the limit is reached, interrupts it and waits until it has stopped before throwing.
     */
    private static <T> T within(Deadline deadline, Step step, Callable<T> call) throws InterruptedException {
        if (deadline.hasPassed()) {
            throw deadline.passedAt(step); // an earlier step used it all up: this one would be late anyway
        }
        if (Thread.interrupted()) {
            // The fork would not inherit the interrupt, and would start the step before get() noticed it.
            throw new InterruptedException(step + " not started: the caller was interrupted");
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T> fork = executor.submit(carried(call));
            try {
                return fork.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                // On timeout or interrupt: interrupt the call, which close() then waits for.
                fork.cancel(true);
            }
        } catch (TimeoutException late) {
            throw deadline.passedAt(step); // after close(): the late call has stopped
        } catch (ExecutionException failed) {
            throw unchecked(failed.getCause());
        }
    }

    /** A forked step's exception, as the step threw it: a StepFailedException, or an Error. */
    private static RuntimeException unchecked(Throwable failure) {
        return switch (failure) {
            case RuntimeException stepFailure -> stepFailure;
            case Error error -> throw error;
            default -> new IllegalStateException("a step failed with a checked exception", failure);
        };
    }

    /**
     * The quote step of an order already validated: the service's blocking face, its failure mapped to
     * the step. Public because the structured style quotes exactly this way.
     */
    public Quote price(Order order) throws InterruptedException {
        try {
            return menu.quote(order);
        } catch (RuntimeException failure) {
            throw QUOTE.failed(failure);
        }
    }

    /** The charge step: the customer pays the quoted total. Public for the same reason as {@link #price}. */
    public Receipt charge(Order order, Quote quote) throws InterruptedException {
        try {
            return payments.charge(new Payment(order.customer(), quote.total()));
        } catch (RuntimeException failure) {
            throw CHARGE.failed(failure);
        }
    }

    /**
     * The look-up step of planDelivery: the legacy client blocks this virtual thread, which is what virtual
     * threads are for: it unmounts, and its carrier runs others meanwhile.
     */
    private Address lookUp(Order order) throws InterruptedException {
        try {
            return addresses.lookup(order.customer());
        } catch (RuntimeException failure) {
            throw ADDRESS.failed(failure);
        }
    }

    /**
     * The planning step of planDelivery, on a core ({@link Cores}) rather than on this virtual thread, which
     * would hold its carrier until the planning ends.
     */
    private Route planRoute(Address address) throws InterruptedException {
        try {
            return Cores.compute(cancelled -> routes.plan(address, cancelled));
        } catch (RuntimeException failure) {
            throw ROUTE.failed(failure);
        }
    }

    /** One tracking call: the update after {@code after}, or nothing once the order is delivered. */
    private Optional<OrderUpdate> follow(Order order, long after) throws InterruptedException {
        try {
            return tracking.next(new TrackingQuery(order, after));
        } catch (RuntimeException failure) {
            throw TRACK.failed(failure);
        }
    }

    /** One page call: page {@code number} of the customer's history. */
    private Page page(String customer, long number) throws InterruptedException {
        try {
            return history.page(new PageQuery(customer, number));
        } catch (RuntimeException failure) {
            throw HISTORY.failed(failure);
        }
    }

    /**
     * One pizza: the service's blocking face, its failure mapped to the bake step. Public because the
     * structured style bakes a pizza exactly this way.
     */
    public BakedPizza bakeOne(Pizza pizza) throws InterruptedException {
        try {
            return kitchen.bake(pizza);
        } catch (RuntimeException failure) {
            throw BAKE.failed(failure);
        }
    }

    /**
     * One pizza of a batch that collects every outcome: its step failure is its outcome, and stops nothing.
     * Public for the same reason as {@link #bakeOne}.
     */
    public BakeOutcome outcomeOf(Pizza pizza) throws InterruptedException {
        try {
            return new BakeOutcome.Baked(bakeOne(pizza));
        } catch (StepFailedException failure) {
            return new BakeOutcome.Failed(pizza, failure);
        }
    }

    /**
     * The reserve step of placeOrder: the reservation is recorded the moment the call returns, so that it is
     * released if the order is not placed. Public because the structured style places orders exactly this
     * way.
     */
    public Reservation reserve(Order order, GiveBacks giveBacks) throws InterruptedException {
        try {
            return giveBacks.acquired(stock.reserve(order), stock::release);
        } catch (RuntimeException failure) {
            throw RESERVE.failed(failure);
        }
    }

    /** The charge step of placeOrder: the order's price, the charge recorded to be refunded. As {@link #reserve}. */
    public Receipt charge(Order order, GiveBacks giveBacks) throws InterruptedException {
        Payment payment = new Payment(order.customer(), Menu.priceOf(order));
        try {
            return giveBacks.acquired(payments.charge(payment), payments::refund);
        } catch (RuntimeException failure) {
            throw CHARGE.failed(failure);
        }
    }

    /** The book step of placeOrder: the booking recorded to be cancelled. As {@link #reserve}. */
    public Booking book(Order order, GiveBacks giveBacks) throws InterruptedException {
        try {
            return giveBacks.acquired(dispatch.book(order), dispatch::cancelBooking);
        } catch (RuntimeException failure) {
            throw BOOK.failed(failure);
        }
    }
}
