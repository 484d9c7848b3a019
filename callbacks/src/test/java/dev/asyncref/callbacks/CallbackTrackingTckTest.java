package dev.asyncref.callbacks;

import dev.asyncref.contract.TrackingPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.testng.annotations.AfterClass;

// No optional rule is skipped. TestNG reports 7 skips: the TCK's untested_* rules (1.6, 1.7, 1.8, 1.9, 1.10,
// 3.4, 3.5), which it cannot check for any publisher.
public class CallbackTrackingTckTest extends TrackingPublisherVerification {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("timer").factory());

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new CallbackBridge(new CallbackPizzeria(downstream, scheduler));
    }

    @AfterClass(alwaysRun = true)
    public void closeScheduler() {
        scheduler.close();
    }
}
