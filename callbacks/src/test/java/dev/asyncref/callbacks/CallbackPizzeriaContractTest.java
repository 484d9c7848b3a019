package dev.asyncref.callbacks;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.junit.jupiter.api.AutoClose;

class CallbackPizzeriaContractTest implements PizzeriaContract {

    @AutoClose
    private final Pools pools = new Pools();

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new CallbackBridge(pools.pizzeria(downstream));
    }
}
