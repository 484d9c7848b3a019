package dev.asyncref.futures;

import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AutoClose;

class FuturePizzeriaContractTest implements PizzeriaContract {

    @AutoClose
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pizzeria-", 1).factory());

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new FuturePizzeria(downstream, executor);
    }
}
