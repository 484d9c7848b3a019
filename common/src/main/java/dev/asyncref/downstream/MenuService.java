package dev.asyncref.downstream;

import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Money;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Quote;
import java.util.function.Function;

/** Prices orders, by the {@link Menu}'s list unless {@link #prices} sets today's prices. */
public final class MenuService extends SimulatedService<Order, Quote> {

    MenuService(Downstream.Settings settings, Network network, CallLog log) {
        super("menu", settings, network, log, order -> new Quote(order, Menu.priceOf(order)));
    }

    /**
     * From now on, orders are priced by {@code priceOf}: today's prices, which only the menu service knows, so
     * that a test can tell a total the menu answered from one an implementation computed itself (rule R2.1).
     */
    public MenuService prices(Function<? super Order, Money> priceOf) {
        answerWith(order -> new Quote(order, priceOf.apply(order)));
        return this;
    }

    public Cancellable quote(Order order, Callback<? super Quote> callback) {
        return call(order, callback);
    }

    public Quote quote(Order order) throws InterruptedException {
        return callBlocking(order);
    }
}
