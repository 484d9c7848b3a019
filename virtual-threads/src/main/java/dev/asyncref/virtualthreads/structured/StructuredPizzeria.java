package dev.asyncref.virtualthreads.structured;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.Ovens;
import dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * The workload with structured concurrency (JEP 505, a preview API in JDK 25 that changes again in
 * JDK 26: this package is the only code that uses it). Sequential steps are the same plain blocking code
 * as {@link VirtualThreadPizzeria}; what changes is fan-out, where a {@link StructuredTaskScope} replaces
 * the hand-written executor bookkeeping.
 *
 * <ul>
 *   <li><b>Threads.</b> Every step runs on the calling thread; fan-out forks one virtual thread per call
 *       into a scope, and no fork outlives it (it shows as a tree in thread dumps).
 *   <li><b>Cancellation.</b> Interrupting the calling thread cancels the call it waits on, or cancels the
 *       scope, which interrupts every fork; {@link InterruptedException} is thrown.
 *   <li><b>Errors.</b> The first failed fork cancels the scope; the failure is thrown as the fork threw it,
 *       unwrapped from {@link StructuredTaskScope.FailedException}, after every other fork has stopped. A
 *       batch that collects every outcome has no failed fork: a bake's failure is its pizza's outcome. A
 *       race's first success cancels the scope instead ({@link FirstSuccessJoiner}).
 * </ul>
 */
public final class StructuredPizzeria implements BlockingPizzeria {

    private final VirtualThreadPizzeria sequential;
    private final List<CourierService> couriers;

    public StructuredPizzeria(Downstream downstream) {
        this.sequential = new VirtualThreadPizzeria(downstream);
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
        try (var scope = StructuredTaskScope.<BakedPizza>open()) {
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
        try (var scope = StructuredTaskScope.<T>open()) {
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
        try (var scope = StructuredTaskScope.open(new FirstSuccessJoiner<CourierOffer>(Step.FIND_COURIER))) {
            couriers.forEach(courier -> scope.fork(() -> courier.offer(order)));
            return scope.join();
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
