package dev.asyncref.futures;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.junit.jupiter.api.AutoClose;

class FuturePizzeriaContractTest implements PizzeriaContract {

    @AutoClose
    private final Pools pools = new Pools();

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return pools.pizzeria(downstream);
    }
}
