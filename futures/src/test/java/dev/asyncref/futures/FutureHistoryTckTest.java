package dev.asyncref.futures;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.testng.annotations.AfterClass;

/**
 * The TCK has no test for seven rules (its {@code untested_} methods, disabled in {@code StreamVerification});
 * no optional rule is skipped. How {@link CallStream} keeps the seven:
 * <ul>
 *   <li>1.6, 1.7: after onError or onComplete the loop has let go of the subscriber, so nothing follows.
 *   <li>1.8: every signal checks for a cancel first, so a cancelled subscriber gets no onError or onComplete.
 *   <li>1.9: subscribe throws nothing but the NullPointerException for a null subscriber; bad input is an onError.
 *   <li>1.10: not detected: the same subscriber subscribed twice gets a second stream (1.10 binds the caller).
 *   <li>3.4, 3.5: request and cancel note the demand or the cancel (and cancel the call in flight), and leave
 *       the rest to a pass on the executor.
 * </ul>
 */
public class FutureHistoryTckTest extends HistoryPublisherVerification {

    private final Pools pools = new Pools();

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return pools.pizzeria(downstream);
    }

    @AfterClass(alwaysRun = true)
    public void closePools() {
        pools.close();
    }
}
