package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

/**
 * The TCK has no test for seven rules (its {@code untested_} methods, disabled in {@code StreamVerification});
 * no optional rule is skipped. How the {@code Flowable} behind {@link RxBridge} keeps the seven:
 * <ul>
 *   <li>1.6, 1.7: RxJava's operators, and the {@code StrictSubscriber} around the adapter's subscriber, pass on
 *       one terminal signal and nothing after it.
 *   <li>1.8: a cancel disposes the call in flight, whose answer then goes nowhere, and {@code repeatUntil}
 *       subscribes no further call.
 *   <li>1.9: subscribe throws nothing but the NullPointerException for a null subscriber; bad input is an onError.
 *   <li>1.10: not detected: the same subscriber subscribed twice gets a second stream (1.10 binds the caller).
 *   <li>3.4, 3.5: request adds to the demand and starts at most one call (or hands out the rest of a page);
 *       cancel cancels the call in flight.
 * </ul>
 */
public class RxHistoryTckTest extends HistoryPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
