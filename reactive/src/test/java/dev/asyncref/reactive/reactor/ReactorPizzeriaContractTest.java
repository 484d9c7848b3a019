package dev.asyncref.reactive.reactor;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReactorPizzeriaContractTest implements PizzeriaContract {

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new ReactorBridge(new ReactorPizzeria(downstream));
    }
}
