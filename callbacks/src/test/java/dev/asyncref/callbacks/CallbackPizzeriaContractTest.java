package dev.asyncref.callbacks;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AutoClose;

class CallbackPizzeriaContractTest implements PizzeriaContract {

    @AutoClose
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("timer").factory());

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new CallbackBridge(new CallbackPizzeria(downstream, scheduler));
    }
}
