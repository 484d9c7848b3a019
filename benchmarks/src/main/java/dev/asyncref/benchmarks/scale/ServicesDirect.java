package dev.asyncref.benchmarks.scale;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Downstream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor: the simulated services called directly through their callback face, with the least glue an
 * operation needs and none of what makes a style correct (no validation, cancellation, context or error
 * naming). No style can beat it; what a style costs is its distance from it.
 */
final class ServicesDirect implements Contender {

    private final Downstream services;
    private final ExecutorService lookups;
    private final ExecutorService planning;

    ServicesDirect(Downstream services, Pools pools) {
        this.services = services;
        this.lookups = pools.lookups();
        this.planning = pools.planning();
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        Ending ending = new Ending(tally, id);
        switch (operation) {
            case QUOTE -> services.menu().quote(Operation.ORDER, ending);
            case CHECKOUT -> services.menu().quote(Operation.ORDER, Callback.of(
                    quote -> services.payments().charge(new Payment(Operation.ORDER.customer(), quote.total()), ending),
                    ending::onFailure));
            case BAKE -> bakeAll(Operation.ORDER.pizzas(), ending);
            case PLAN_DELIVERY -> lookups.execute(() -> planDelivery(Operation.ORDER.customer(), ending));
        }
    }

    /** The lookup blocks a virtual thread; the planning takes a core of the planning pool. */
    private void planDelivery(String customer, Ending ending) {
        try {
            Address address = services.addresses().lookup(customer);
            planning.execute(() -> {
                try {
                    ending.onSuccess(services.routes().plan(address, () -> false));
                } catch (RuntimeException failed) {
                    ending.onFailure(failed);
                }
            });
        } catch (InterruptedException | RuntimeException failed) {
            ending.onFailure(failed);
        }
    }

    /** Every bake at once; the operation ends with the last answer, or with the first failure. */
    private void bakeAll(List<Pizza> pizzas, Ending ending) {
        BakedPizza[] baked = new BakedPizza[pizzas.size()];
        AtomicInteger left = new AtomicInteger(pizzas.size());
        for (int i = 0; i < pizzas.size(); i++) {
            int slot = i;
            services.kitchen().bake(pizzas.get(i), Callback.of(pizza -> {
                baked[slot] = pizza;
                if (left.decrementAndGet() == 0) {
                    ending.onSuccess(List.of(baked));
                }
            }, error -> {
                if (left.getAndSet(-1) > 0) {
                    ending.onFailure(error);
                }
            }));
        }
    }
}
