package dev.asyncref.downstream;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Pizza;
import java.util.concurrent.atomic.AtomicLong;

/** Bakes one pizza per call, in one of its ovens. */
public final class KitchenService extends SimulatedService<Pizza, BakedPizza> {

    static final int OVENS = 4;

    KitchenService(Downstream.Settings settings, Network network, CallLog log) {
        super("kitchen", settings, network, log, new Ovens()::bake);
    }

    public Cancellable bake(Pizza pizza, Callback<? super BakedPizza> callback) {
        return call(pizza, callback);
    }

    public BakedPizza bake(Pizza pizza) throws InterruptedException {
        return callBlocking(pizza);
    }

    private static final class Ovens {
        private final AtomicLong loaded = new AtomicLong();

        BakedPizza bake(Pizza pizza) {
            return new BakedPizza(pizza, "oven " + (loaded.getAndIncrement() % OVENS + 1));
        }
    }
}
