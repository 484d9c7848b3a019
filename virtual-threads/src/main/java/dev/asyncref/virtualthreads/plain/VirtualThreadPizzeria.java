package dev.asyncref.virtualthreads.plain;

import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.QUOTE;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.Ovens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workload in plain blocking code on virtual threads, with nothing newer than an executor.
 *
 * <ul>
 *   <li><b>Threads.</b> Every step runs on the calling thread, meant to be virtual: a blocked virtual thread
 *       costs no platform thread. Fan-out starts one virtual thread per call, from an executor per task; so
 *       does a step with a time limit, since a blocking call cannot time itself out: the caller waits for
 *       it with that limit.
 *   <li><b>Cancellation.</b> Interrupting the calling thread cancels the call it waits on (the service's
 *       blocking face does that) and every forked call, and throws {@link InterruptedException}. A call
 *       still running when its time is up is interrupted the same way.
 *   <li><b>Errors.</b> Thrown as they are: a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an
 *       {@link dev.asyncref.domain.InvalidOrderException}; a failed bake interrupts the other bakes, and
 *       waits until they have stopped, before it is thrown; a batch that collects every outcome reports it
 *       as that pizza's outcome instead. A race returns its first success once the losers have stopped. A
 *       timeout, or the fallback that stands in for it, comes only once the late call has stopped.
 * </ul>
 */
public final class VirtualThreadPizzeria implements BlockingPizzeria {

    private final MenuService menu;
    private final PaymentService payments;
    private final KitchenService kitchen;
    private final List<CourierService> couriers;

    public VirtualThreadPizzeria(Downstream downstream) {
        this.menu = downstream.menu();
        this.payments = downstream.payments();
        this.kitchen = downstream.kitchen();
        this.couriers = downstream.couriers();
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
                bakes.add(completion.submit(() -> bakeOne(pizza)));
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
                    bakes.add(executor.submit(ovens.givingBackTheOven(() -> bake.bake(pizza))));
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

    /**
     * One call per courier. invokeAny returns the first success and cancels the rest, but keeps only one
     * failure: each offer records its own in {@code failures}, so that a lost race can report them all.
     */
    private List<Callable<CourierOffer>> offers(Order order, Queue<Throwable> failures) {
        return couriers.stream()
                .map(courier -> (Callable<CourierOffer>) () -> {
                    try {
                        return courier.offer(order);
                    } catch (RuntimeException failure) {
                        failures.add(failure);
                        throw failure;
                    }
                })
                .toList();
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
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T> fork = executor.submit(call);
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
}
