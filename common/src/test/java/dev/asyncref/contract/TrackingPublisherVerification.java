package dev.asyncref.contract;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK on {@code track}: a publisher of {@code elements} updates tracks an order whose
 * customer's orders have that many; the failed publisher tracks an invalid order, which fails at once.
 * An implementation's class extends this and supplies its pizzeria, nothing else.
 */
public abstract class TrackingPublisherVerification extends StreamVerification<OrderUpdate> {

    @Override
    public Flow.Publisher<OrderUpdate> createFlowPublisher(long elements) {
        String customer = newCustomer();
        downstream().tracking().updates(customer, elements);
        return pizzeria().track(Order.of(customer, TestOrders.MARGHERITA));
    }

    @Override
    public Flow.Publisher<OrderUpdate> createFailedFlowPublisher() {
        return pizzeria().track(Order.of(" ", TestOrders.MARGHERITA));
    }
}
