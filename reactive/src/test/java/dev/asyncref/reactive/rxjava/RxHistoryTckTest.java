package dev.asyncref.reactive.rxjava;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

/**
 * The Reactive Streams TCK on {@link RxPizzeria#history}, through {@link RxBridge}. Every optional rule runs
 * and passes; the seven skips TestNG reports are the TCK's {@code untested_*} rules, which it checks for no
 * publisher.
 */
public class RxHistoryTckTest extends HistoryPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new RxBridge(new RxPizzeria(downstream));
    }
}
