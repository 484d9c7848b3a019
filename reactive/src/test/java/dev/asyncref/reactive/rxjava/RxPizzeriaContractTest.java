package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.junit.jupiter.api.extension.RegisterExtension;

class RxPizzeriaContractTest implements PizzeriaContract {

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
