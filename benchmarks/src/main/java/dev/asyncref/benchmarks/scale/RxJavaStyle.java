package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.reactive.rxjava.RxPizzeria;
import io.reactivex.rxjava3.core.Single;

/** RxJava through its own API: a {@link Single} per operation, subscribed to at once. */
final class RxJavaStyle implements Contender {

    private final RxPizzeria pizzeria;

    RxJavaStyle(Downstream services) {
        this.pizzeria = new RxPizzeria(services);
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        Single<?> result = switch (operation) {
            case QUOTE -> pizzeria.quote(Operation.ORDER);
            case CHECKOUT -> pizzeria.checkout(Operation.ORDER);
            case BAKE -> pizzeria.bake(Operation.ORDER);
            case PLAN_DELIVERY -> pizzeria.planDelivery(Operation.ORDER);
        };
        result.subscribe((value, failure) -> tally.ended(id, failure));
    }
}
