package dev.asyncref.downstream;

import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Quote;

/** Prices orders. */
public final class MenuService extends SimulatedService<Order, Quote> {

    MenuService(Downstream.Settings settings, Network network, CallLog log) {
        super("menu", settings, network, log, order -> new Quote(order, Menu.priceOf(order)));
    }

    public Cancellable quote(Order order, Callback<? super Quote> callback) {
        return call(order, callback);
    }

    public Quote quote(Order order) throws InterruptedException {
        return callBlocking(order);
    }
}
