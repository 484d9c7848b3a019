package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.reactive.reactor.ReactorPizzeria;
import reactor.core.publisher.Mono;

/**
 * Reactor through its own API: a {@link Mono} per operation, subscribed to at once. {@code contextCapture()}
 * first, as a caller outside Reactor subscribes (the module's bridge does the same): it carries the caller's
 * MDC into the operation, as every other style does.
 */
final class ReactorStyle implements Contender {

    private final ReactorPizzeria pizzeria;

    ReactorStyle(Downstream services) {
        this.pizzeria = new ReactorPizzeria(services);
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        Mono<?> result = switch (operation) {
            case QUOTE -> pizzeria.quote(Operation.ORDER);
            case CHECKOUT -> pizzeria.checkout(Operation.ORDER);
            case BAKE -> pizzeria.bake(Operation.ORDER);
            case PLAN_DELIVERY -> pizzeria.planDelivery(Operation.ORDER);
        };
        result.contextCapture().subscribe(value -> tally.ended(id, null), failure -> tally.ended(id, failure));
    }
}
