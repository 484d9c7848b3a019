package dev.asyncref.reactive.reactor;

import dev.asyncref.contract.TrackingPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

/**
 * The Reactive Streams TCK on {@code track} across {@link ReactorBridge}. Every required and every optional rule
 * passes; TestNG reports seven skips, the {@code untested_} rules (1.6, 1.7, 1.8, 1.9 on non-fatal throws,
 * 1.10, 3.4, 3.5), which the TCK itself verifies for no publisher.
 */
public class ReactorTrackingTckTest extends TrackingPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new ReactorBridge(new ReactorPizzeria(downstream));
    }
}
