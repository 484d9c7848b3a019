package dev.asyncref.reactive.reactor;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

class ReactorPizzeriaContractTest implements PizzeriaContract {

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new ReactorBridge(new ReactorPizzeria(downstream));
    }
}
