package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.TrackingPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

/**
 * The Reactive Streams TCK on {@link RxPizzeria#track}, through {@link RxBridge}. Every optional rule runs
 * and passes; the seven skips TestNG reports are the TCK's {@code untested_*} rules, which it checks for no
 * publisher.
 */
public class RxTrackingTckTest extends TrackingPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
