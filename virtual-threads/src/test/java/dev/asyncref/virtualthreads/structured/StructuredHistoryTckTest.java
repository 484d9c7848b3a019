package dev.asyncref.virtualthreads.structured;

import dev.asyncref.contract.HistoryPublisherVerification;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingBridge;
import dev.asyncref.workload.Pizzeria;

/** Every optional rule runs and passes; the seven skipped are the TCK's untested rules, which have no test. */
public class StructuredHistoryTckTest extends HistoryPublisherVerification {

    @Override
    protected Pizzeria pizzeria(Downstream downstream) {
        return new BlockingBridge(new StructuredPizzeria(downstream));
    }
}
