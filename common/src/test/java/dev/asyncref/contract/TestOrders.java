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

    /** Ten different pizzas: a batch larger than the ovens, so some must wait their turn. */
    public static final Order TEN_PIZZAS = Order.of("barbara",
            Pizza.of("margherita"), Pizza.of("marinara"), Pizza.of("funghi"), Pizza.of("diavola"),
            Pizza.of("quattro formaggi"), Pizza.of("hawaii"), Pizza.of("margherita", "basil"),
            Pizza.of("funghi", "truffle"), Pizza.of("diavola", "olives"), Pizza.of("hawaii", "ham"));

    private TestOrders() {}
}
