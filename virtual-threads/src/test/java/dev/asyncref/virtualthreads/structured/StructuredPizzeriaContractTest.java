package dev.asyncref.virtualthreads.structured;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingBridge;
import dev.asyncref.workload.Pizzeria;

class StructuredPizzeriaContractTest implements PizzeriaContract {

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new BlockingBridge(new StructuredPizzeria(downstream));
    }
}
