package dev.asyncref.futures;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.testng.annotations.AfterClass;

public class FutureHistoryTckTest extends HistoryPublisherVerification {

    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pizzeria-", 1).factory());

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new FuturePizzeria(downstream, executor);
    }

    @AfterClass(alwaysRun = true)
    public void closeExecutor() {
        executor.close();
    }
}
