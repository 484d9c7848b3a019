package dev.asyncref.benchmarks.scale;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.downstream.Downstream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The operations as they were written before asynchrony: blocking calls, one after the other, on whatever
 * thread runs them; a fan-out hands each call to a pool of its own and waits for all of them. The two
 * blocking references differ only in where these run.
 */
final class BlockingCalls {

    private final Downstream services;

    BlockingCalls(Downstream services) {
        this.services = services;
    }

    /** Runs operation {@code id} on the calling thread, which it blocks, and ends it in the tally. */
    void run(Operation operation, int id, Tally tally, ExecutorService fanOut) {
        try {
            switch (operation) {
                case QUOTE -> services.menu().quote(Operation.ORDER);
                case CHECKOUT -> {
                    Quote quote = services.menu().quote(Operation.ORDER);
                    services.payments().charge(new Payment(Operation.ORDER.customer(), quote.total()));
                }
                case BAKE -> bakeAll(Operation.ORDER.pizzas(), fanOut);
                case PLAN_DELIVERY -> {
                    Address address = services.addresses().lookup(Operation.ORDER.customer());
                    services.routes().plan(address, Thread.currentThread()::isInterrupted);
                }
            }
            tally.ended(id, null);
        } catch (InterruptedException interrupted) {
            tally.ended(id, interrupted);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException | Error failed) {
            // Error too, as FutureTask does: a thread that could not be started must not lose an operation.
            tally.ended(id, failed);
        }
    }

    private List<BakedPizza> bakeAll(List<Pizza> pizzas, ExecutorService fanOut)
            throws InterruptedException, ExecutionException {
        List<Callable<BakedPizza>> bakes = new ArrayList<>();
        for (Pizza pizza : pizzas) {
            bakes.add(() -> services.kitchen().bake(pizza));
        }
        List<BakedPizza> baked = new ArrayList<>();
        for (Future<BakedPizza> bake : fanOut.invokeAll(bakes)) {
            baked.add(bake.get());
        }
        return baked;
    }
}
