package dev.asyncref.contract;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;

/** The orders the contract suite places. */
public final class TestOrders {

    public static final Pizza MARGHERITA = Pizza.of("margherita");
    public static final Pizza FUNGHI = Pizza.of("funghi", "olives");
    public static final Pizza DIAVOLA = Pizza.of("diavola", "chili", "onions");

    /** One pizza: one call per step. */
    public static final Order ONE_PIZZA = Order.of("ada", MARGHERITA);

    /** Three pizzas: three bakes that can run at once. */
    public static final Order THREE_PIZZAS = Order.of("grace", MARGHERITA, FUNGHI, DIAVOLA);

    private TestOrders() {}
}
