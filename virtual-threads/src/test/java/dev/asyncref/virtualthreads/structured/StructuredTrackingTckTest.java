package dev.asyncref.virtualthreads.structured;

import dev.asyncref.contract.TrackingPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingBridge;
import dev.asyncref.workload.Pizzeria;

/**
 * The TCK has no test for seven rules (its {@code untested_} methods, disabled in {@code StreamVerification});
 * no optional rule is skipped. How {@link BlockingBridge}'s {@code StreamSubscription} keeps the seven:
 * <ul>
 *   <li>1.6, 1.7: its one terminal signal marks the subscription over, and its thread stops after it.
 *   <li>1.8: after a cancel, the thread ends without onError or onComplete (bar a bad request's, rule 3.9).
 *   <li>1.9: subscribe throws nothing but the NullPointerException for a null subscriber; bad input is an onError.
 *   <li>1.10: not detected: the same subscriber subscribed twice gets a second stream (1.10 binds the caller).
 *   <li>3.4, 3.5: request and cancel note the demand or the cancel under a lock, wake the thread, and interrupt
 *       a pull; the pulling is the thread's.
 * </ul>
 */
public class StructuredTrackingTckTest extends TrackingPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new BlockingBridge(new StructuredPizzeria(downstream));
    }
}
