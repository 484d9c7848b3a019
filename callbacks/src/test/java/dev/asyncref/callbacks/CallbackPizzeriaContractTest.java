package dev.asyncref.callbacks;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

class CallbackPizzeriaContractTest implements PizzeriaContract {

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new CallbackBridge(new CallbackPizzeria(downstream));
    }
}
