package dev.asyncref.contract;

import dev.asyncref.domain.PastOrder;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK on {@code history}: a publisher of {@code elements} past orders is the history
 * of a customer with that many; the failed publisher is the history of no one, which fails at once.
 * An implementation's class extends this and supplies its pizzeria, nothing else.
 */
public abstract class HistoryPublisherVerification extends StreamVerification<PastOrder> {

    @Override
    public Flow.Publisher<PastOrder> createFlowPublisher(long elements) {
        String customer = newCustomer();
        downstream().history().orders(customer, elements);
        return pizzeria().history(customer);
    }

    @Override
    public Flow.Publisher<PastOrder> createFailedFlowPublisher() {
        return pizzeria().history(" ");
    }
}
