package dev.asyncref.virtualthreads.structured;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria;
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
 *       unwrapped from {@link StructuredTaskScope.FailedException}, after every other fork has stopped.
 * </ul>
 */
public final class StructuredPizzeria implements BlockingPizzeria {

    private final VirtualThreadPizzeria sequential;

    public StructuredPizzeria(Downstream downstream) {
        this.sequential = new VirtualThreadPizzeria(downstream);
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
            switch (failed.getCause()) {
                case RuntimeException stepFailure -> throw stepFailure;
                case Error error -> throw error;
                default -> throw failed;
            }
        }
    }
}
