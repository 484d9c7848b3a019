package dev.asyncref.virtualthreads.plain;

import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.QUOTE;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.Ovens;
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

/**
 * The workload in plain blocking code on virtual threads, with nothing newer than an executor.
 *
 * <ul>
 *   <li><b>Threads.</b> Every step runs on the calling thread, meant to be virtual: a blocked virtual thread
 *       costs no platform thread. Fan-out starts one virtual thread per call, from an executor per task.
 *   <li><b>Cancellation.</b> Interrupting the calling thread cancels the call it waits on (the service's
 *       blocking face does that) and every forked call, and throws {@link InterruptedException}.
 *   <li><b>Errors.</b> Thrown as they are: a {@link dev.asyncref.domain.StepFailedException} or an
 *       {@link dev.asyncref.domain.InvalidOrderException}; a failed bake interrupts the other bakes, and
 *       waits until they have stopped, before it is thrown; a batch that collects every outcome reports it
 *       as that pizza's outcome instead. A race returns its first success once the losers have stopped.
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
        try {
            return menu.quote(order);
        } catch (RuntimeException failure) {
            throw QUOTE.failed(failure);
        }
    }

    @Override
    public Receipt checkout(Order order) throws InterruptedException {
        Quote quote = quote(order);
        try {
            return payments.charge(new Payment(order.customer(), quote.total()));
        } catch (RuntimeException failure) {
            throw CHARGE.failed(failure);
        }
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
        // invokeAny returns the first success and cancels the rest, but keeps only one failure: each
        // offer records its own, so that a lost race can report them all.
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Callable<CourierOffer>> offers = couriers.stream()
                .map(courier -> (Callable<CourierOffer>) () -> {
                    try {
                        return courier.offer(order);
                    } catch (RuntimeException failure) {
                        failures.add(failure);
                        throw failure;
                    }
                })
                .toList();
        // close() at the end of the block waits until every loser has stopped.
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return executor.invokeAny(offers);
        } catch (ExecutionException everyCourierFailed) {
            throw FIND_COURIER.allFailed(List.copyOf(failures));
        }
    }

    /** A failed bake's exception, as bakeOne threw it: a StepFailedException, or an Error. */
    private static RuntimeException unchecked(Throwable failure) {
        return switch (failure) {
            case RuntimeException stepFailure -> stepFailure;
            case Error error -> throw error;
            default -> new IllegalStateException("bake failed with a checked exception", failure);
        };
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
