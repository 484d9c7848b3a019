package dev.asyncref.benchmarks.scale;

import dev.asyncref.callbacks.CallbackPizzeria;
import dev.asyncref.downstream.Downstream;

/** The callbacks style through its own API: a listener per operation, a cancel handle back. */
final class CallbacksStyle implements Contender {

    private final CallbackPizzeria pizzeria;

    CallbacksStyle(Downstream services, Pools pools) {
        this.pizzeria = new CallbackPizzeria(services, pools.timer(), pools.lookups(), pools.planning());
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        Ending ending = new Ending(tally, id);
        switch (operation) {
            case QUOTE -> pizzeria.quote(Operation.ORDER, ending);
            case CHECKOUT -> pizzeria.checkout(Operation.ORDER, ending);
            case BAKE -> pizzeria.bake(Operation.ORDER, ending);
            case PLAN_DELIVERY -> pizzeria.planDelivery(Operation.ORDER, ending);
        }
    }
}
