package dev.asyncref.reactive.reactor;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;

/**
 * The Reactive Streams TCK on {@code history} across {@link ReactorBridge}. Every required and every optional rule
 * passes. The seven rules the TCK has no test for ({@code untested_}: 1.6, 1.7, 1.8, 1.9 on non-fatal throws,
 * 1.10, 3.4, 3.5; disabled in {@code StreamVerification}) are Reactor's own operators' to keep: a
 * {@code Flux} keeps every rule of the specification by construction.
 */
public class ReactorHistoryTckTest extends HistoryPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new ReactorBridge(new ReactorPizzeria(downstream));
    }
}
