package dev.asyncref.callbacks;

import dev.asyncref.contract.TrackingPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.testng.annotations.AfterClass;

/**
 * The TCK has no test for seven rules (its {@code untested_} methods, disabled in {@code StreamVerification});
 * no optional rule is skipped. How {@link PolledStream}, behind {@link FlowSubscription}, keeps the seven:
 * <ul>
 *   <li>1.6, 1.7: its one terminal signal marks the stream over first, and every later round of delivery
 *       finds it over, so nothing follows.
 *   <li>1.8: a cancel marks the stream over first, so no onError or onComplete starts after it; a subscriber
 *       that cancels within onSubscribe gets no stream at all.
 *   <li>1.9: subscribe throws nothing but the NullPointerException for a null subscriber; bad input is an onError.
 *   <li>1.10: not detected: the same subscriber subscribed twice gets a second stream (1.10 binds the caller).
 *   <li>3.4, 3.5: request adds to the demand and, unless another thread is delivering, hands out the items
 *       fetched already and starts at most one call, which never blocks; cancel cancels the call in flight.
 * </ul>
 */
public class CallbackTrackingTckTest extends TrackingPublisherVerification {

    private final Pools pools = new Pools();

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new CallbackBridge(pools.pizzeria(downstream));
    }

    @AfterClass(alwaysRun = true)
    public void closePools() {
        pools.close();
    }
}
