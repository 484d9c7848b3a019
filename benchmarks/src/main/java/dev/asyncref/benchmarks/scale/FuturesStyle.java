package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.futures.FuturePizzeria;
import java.util.concurrent.CompletableFuture;

/** The futures style through its own API: a {@link CompletableFuture} per operation. */
final class FuturesStyle implements Contender {

    private final FuturePizzeria pizzeria;

    FuturesStyle(Downstream services, Pools pools) {
        this.pizzeria = new FuturePizzeria(services, pools.steps(), pools.lookups(), pools.planning());
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        CompletableFuture<?> result = switch (operation) {
            case QUOTE -> pizzeria.quote(Operation.ORDER);
            case CHECKOUT -> pizzeria.checkout(Operation.ORDER);
            case BAKE -> pizzeria.bake(Operation.ORDER);
            case PLAN_DELIVERY -> pizzeria.planDelivery(Operation.ORDER);
        };
        result.whenComplete((value, failure) -> tally.ended(id, failure));
    }
}
