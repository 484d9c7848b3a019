package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

class RxPizzeriaContractTest implements PizzeriaContract {

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
