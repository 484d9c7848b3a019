package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.TrackingPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

public class RxTrackingTckTest extends TrackingPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
