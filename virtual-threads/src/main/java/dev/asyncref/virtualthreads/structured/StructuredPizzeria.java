package dev.asyncref.virtualthreads.structured;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Deadline;
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
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.Cores;
import dev.asyncref.virtualthreads.GiveBacks;
import dev.asyncref.virtualthreads.Ovens;
import dev.asyncref.virtualthreads.RequestScope;
import dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Configuration;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The workload with structured concurrency (JEP 505, a preview API in JDK 25 that changes again in
 * JDK 26: this package is the only code that uses it). Sequential steps are the same plain blocking code
 * as {@link VirtualThreadPizzeria}, retries and streams included; what changes is fan-out, races and time
 * limits, where a {@link StructuredTaskScope} replaces the hand-written executor bookkeeping.
 *
 * <ul>
 *   <li><b>Threads.</b> Every step runs on the calling thread; fan-out forks one virtual thread per call
 *       into a scope, and no fork outlives it (it shows as a tree in thread dumps). A step with a time
 *       limit is forked too, into a scope with that timeout, since a blocking call cannot time itself out.
 *       A hedged quote forks both requests at once, the hedge asleep until its delay. Give-backs run on a
 *       virtual thread of their own ({@link GiveBacks}), outside every scope. A stream's calls run on the
 *       consumer's thread, one at a time, as {@link VirtualThreadPizzeria}'s do, and so does planDelivery:
 *       the lookup blocks the calling thread, the planning runs on a core ({@link Cores}).
 *   <li><b>Backpressure.</b> A stream is pulled: a call is made only when the consumer pulls past what the
 *       calls before fetched.
 *   <li><b>Cancellation.</b> Interrupting the calling thread cancels the call it waits on, or cancels the
 *       scope, which interrupts every fork; {@link InterruptedException} is thrown, and an interrupted
 *       thread starts no further step. A scope's timeout cancels it the same way. The first answer of a
 *       hedged quote cancels its scope, which interrupts the other request, or the hedge still asleep,
 *       which is then never sent. An interrupt does not reach placeOrder's give-backs, and stays pending
 *       for the caller. Interrupting a stream's consumer, or closing the stream, cancels its call in flight.
 *       An interrupt cancels planDelivery's lookup, stops its planning, or keeps it from starting.
 *   <li><b>Errors.</b> The first failed fork cancels the scope; the failure is thrown as the fork threw it,
 *       unwrapped from {@link StructuredTaskScope.FailedException}, after every other fork has stopped. A
 *       batch that collects every outcome has no failed fork: a bake's failure is its pizza's outcome. A
 *       race's first success cancels the scope instead ({@link FirstSuccessJoiner}); a hedged quote is a
 *       race of two. A scope's {@link StructuredTaskScope.TimeoutException} becomes the step's
 *       {@link dev.asyncref.domain.TimedOutException}, or the race's fallback, once the late forks have
 *       stopped. placeOrder gives back what it acquired, latest first, before it throws whatever stopped
 *       it, with the failure of any give-back suppressed in it; through
 *       {@link dev.asyncref.virtualthreads.BlockingBridge}, whose cancelled stage hears nothing more, such a
 *       failure is logged once, under its request, instead (R12.7). A stream's failed call is thrown from the
 *       pull that made it. Each failure names its operation and request, from the MDC of the thread that
 *       creates it (below).
 *   <li><b>Context.</b> Every method runs for the request bound in {@link RequestScope}, a scoped value
 *       ({@link dev.asyncref.virtualthreads.BlockingBridge} binds it for each operation). Every fork inherits
 *       it from its scope's owner, with nothing to write: that is structured concurrency's own answer to
 *       context propagation, where {@link VirtualThreadPizzeria} must carry it into each executor task. The
 *       forks' thread factory only copies it into each fork's MDC, which the services, the log and the
 *       domain exceptions read ({@code FOR_THE_REQUEST}).
 * </ul>
 */
public final class StructuredPizzeria implements BlockingPizzeria {

    /**
     * Every scope's configuration: each fork inherits the request's scoped value from the scope's owner, as
     * any fork does, and its thread puts the request in the fork's MDC as well ({@link RequestScope#forks}).
     */
    private static final UnaryOperator<Configuration> FOR_THE_REQUEST =
            config -> config.withThreadFactory(RequestScope.forks(Thread.ofVirtual().factory()));

    private final VirtualThreadPizzeria sequential;
    private final MenuService menu;
    private final List<CourierService> couriers;

    public StructuredPizzeria(Downstream downstream) {
        this.sequential = new VirtualThreadPizzeria(downstream);
        this.menu = downstream.menu();
        this.couriers = downstream.couriers();
    }

    @Override
    public Quote quote(Order order) throws InterruptedException {
        return sequential.quote(order);
    }

    @Override
    public Receipt checkout(Order order) throws InterruptedException {
        return sequential.checkout(order);
    }

    @Override
    public List<BakedPizza> bake(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        // The default joiner fails on the first failed fork; catch runs after close(), which has waited
        // for every fork to stop.
        try (var scope = StructuredTaskScope.open(Joiner.<BakedPizza>awaitAllSuccessfulOrThrow(), FOR_THE_REQUEST)) {
            List<Subtask<BakedPizza>> bakes = order.pizzas().stream()
                    .map(pizza -> scope.fork(() -> sequential.bakeOne(pizza)))
                    .toList();
            scope.join();
            return bakes.stream().map(Subtask::get).toList();
        } catch (StructuredTaskScope.FailedException failed) {
            throw unwrapped(failed);
        }
    }

    @Override
    public List<BakedPizza> bakeBatch(Order order, int ovens) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidOvens(ovens);
        return bakeInOvens(order.pizzas(), ovens, sequential::bakeOne);
    }

    @Override
    public List<BakeOutcome> bakeBatchOutcomes(Order order, int ovens) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidOvens(ovens);
        return bakeInOvens(order.pizzas(), ovens, sequential::outcomeOf);
    }

    /** Forks a bake per pizza, at most {@code count} at once; a failure stops the batch. */
    private static <T> List<T> bakeInOvens(List<Pizza> pizzas, int count, Ovens.Bake<T> bake)
            throws InterruptedException {
        Ovens ovens = new Ovens(count);
        // Interrupted while waiting for an oven, this thread leaves without join(), as the JDK's own accept
        // loop does (Joiner.awaitAll): close() still cancels the scope and waits for the forks, and only
        // adds its "did not join" IllegalStateException, suppressed, to the InterruptedException.
        try (var scope = StructuredTaskScope.open(Joiner.<T>awaitAllSuccessfulOrThrow(), FOR_THE_REQUEST)) {
            List<Subtask<T>> bakes = new ArrayList<>();
            for (Pizza pizza : pizzas) {
                if (!ovens.take()) {
                    break; // a bake failed: join() throws its failure
                }
                bakes.add(scope.fork(ovens.givingBackTheOven(() -> bake.bake(pizza))));
            }
            scope.join();
            return bakes.stream().map(Subtask::get).toList();
        } catch (StructuredTaskScope.FailedException failed) {
            throw unwrapped(failed);
        }
    }

    @Override
    public CourierOffer findCourier(Order order) throws InterruptedException {
        OrderValidation.requireValid(order);
        return race(order, UnaryOperator.identity());
    }

    @Override
    public Quote quoteWithin(Order order, Duration timeout) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(timeout);
        // A per-call timeout is a deadline with a single step.
        return within(Deadline.in(timeout), Step.QUOTE, () -> sequential.price(order));
    }

    @Override
    public Receipt checkoutWithin(Order order, Duration limit) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(limit);
        Deadline deadline = Deadline.in(limit);
        Quote quote = within(deadline, Step.QUOTE, () -> sequential.price(order));
        return within(deadline, Step.CHARGE, () -> sequential.charge(order, quote));
    }

    @Override
    public CourierOffer findCourierWithin(Order order, Duration timeout) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(timeout);
        try {
            return race(order, config -> config.withTimeout(timeout));
        } catch (StructuredTaskScope.TimeoutException noOfferInTime) {
            return CourierOffer.OWN_DRIVER; // the scope has closed: every late courier has stopped
        }
    }

    @Override
    public Quote quoteHedged(Order order, Duration hedgeAfter) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidHedgeDelay(hedgeAfter);
        // A race of two, as in findCourier: the first answer cancels the scope.
        var firstAnswer = new FirstSuccessJoiner<Quote>(Step.QUOTE);
        try (var scope = StructuredTaskScope.open(firstAnswer, FOR_THE_REQUEST)) {
            scope.fork(() -> menu.quote(order));
            scope.fork(() -> {
                // Cancelling the scope interrupts this sleep, and an interrupted thread starts no call: no
                // hedge is sent once an answer is in, nor after the operation has ended.
                Thread.sleep(hedgeAfter);
                return menu.quote(order);
            });
            return scope.join();
        } catch (StructuredTaskScope.FailedException failed) {
            throw unwrapped(failed);
        }
    }

    @Override
    public Quote quoteWithRetries(Order order, RetryPolicy retries) throws InterruptedException {
        // One call at a time, and a pause between: a blocking loop that sleeps is already structured.
        return sequential.quoteWithRetries(order, retries);
    }

    @Override
    public PlacedOrder placeOrder(Order order, Duration limit) throws InterruptedException {
        OrderValidation.requireValid(order);
        OrderValidation.requireValidTimeout(limit);
        Deadline deadline = Deadline.in(limit);
        GiveBacks giveBacks = new GiveBacks();
        try {
            Reservation reservation = within(deadline, Step.RESERVE, () -> sequential.reserve(order, giveBacks));
            Receipt receipt = within(deadline, Step.CHARGE, () -> sequential.charge(order, giveBacks));
            Booking booking = within(deadline, Step.BOOK, () -> sequential.book(order, giveBacks));
            return new PlacedOrder(reservation, receipt, booking);
        } catch (Throwable failure) {
            // Each scope has closed, its fork stopped: all that was acquired is recorded by now, even an answer
            // the scope dropped because it came after the scope's cancellation.
            giveBacks.giveBackAll().forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @Override
    public DeliveryPlan planDelivery(Order order) throws InterruptedException {
        // A blocking call, then a computation on a core: one step after the other, with nothing to fork.
        return sequential.planDelivery(order);
    }

    @Override
    public Stream<OrderUpdate> track(Order order) {
        // One call at a time, on the consumer's thread: a lazy loop of blocking calls forks nothing, and
        // outlives no one, so a scope would add nothing.
        return sequential.track(order);
    }

    @Override
    public Stream<PastOrder> history(String customer) {
        // As track: one page at a time, on the consumer's thread.
        return sequential.history(customer);
    }

    @Override
    public void giveBack(PlacedOrder placed) {
        sequential.giveBack(placed);
    }

    /** Every courier at once, the first offer winning; {@code config} may set the scope's timeout. */
    private CourierOffer race(Order order, UnaryOperator<Configuration> config) throws InterruptedException {
        var firstOffer = new FirstSuccessJoiner<CourierOffer>(Step.FIND_COURIER);
        try (var scope = StructuredTaskScope.open(firstOffer, FOR_THE_REQUEST.andThen(config))) {
            couriers.forEach(courier -> scope.fork(() -> courier.offer(order)));
            return scope.join();
        } catch (StructuredTaskScope.FailedException failed) {
            throw unwrapped(failed);
        }
    }

    /**
     * {@code call}, for {@code step}, given what is left of {@code deadline}. It is forked because a
     * blocking call cannot time itself out: the scope's timeout cancels it, and close() waits until it has
     * stopped, before the step's timeout is thrown.
     */
    private static <T> T within(Deadline deadline, Step step, Callable<T> call) throws InterruptedException {
        if (deadline.hasPassed()) {
            throw deadline.passedAt(step); // an earlier step used it all up: this one would be late anyway
        }
        if (Thread.interrupted()) {
            // The fork would not inherit the interrupt, and would start the step before join() noticed it.
            throw new InterruptedException(step + " not started: the caller was interrupted");
        }
        try (var scope = StructuredTaskScope.open(Joiner.<T>awaitAllSuccessfulOrThrow(),
                FOR_THE_REQUEST.andThen(config -> config.withTimeout(deadline.remaining())))) {
            Subtask<T> fork = scope.fork(call);
            scope.join();
            return fork.get();
        } catch (StructuredTaskScope.TimeoutException late) {
            throw deadline.passedAt(step);
        } catch (StructuredTaskScope.FailedException failed) {
            throw unwrapped(failed);
        }
    }

    /** The failure as the fork or joiner threw it, not the scope's wrapper. */
    private static RuntimeException unwrapped(StructuredTaskScope.FailedException failed) {
        return switch (failed.getCause()) {
            case RuntimeException stepFailure -> stepFailure;
            case Error error -> throw error;
            default -> failed;
        };
    }
}
