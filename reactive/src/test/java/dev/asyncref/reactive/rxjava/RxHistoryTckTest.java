package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

public class RxHistoryTckTest extends HistoryPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
