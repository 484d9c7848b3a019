package dev.asyncref.downstream;

import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import java.time.Duration;

/** One courier company: offers to deliver orders. Several of them are equivalent, so a caller can race them. */
public final class CourierService extends SimulatedService<Order, CourierOffer> {

    CourierService(String name, Duration eta, Downstream.Settings settings, Network network,
            CallLog log) {
        super(name, settings, network, log, order -> new CourierOffer(name, eta));
    }

    public Cancellable offer(Order order, Callback<? super CourierOffer> callback) {
        return call(order, callback);
    }

    public CourierOffer offer(Order order) throws InterruptedException {
        return callBlocking(order);
    }
}
