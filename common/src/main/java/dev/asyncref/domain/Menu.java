package dev.asyncref.domain;

import java.util.Map;
import java.util.Set;

/** What the pizzeria sells and for how much: the menu service prices orders with it. */
public final class Menu {

    private static final Map<String, Money> PRICES = Map.of(
            "margherita", Money.euros(8, 50),
            "marinara", Money.euros(7, 0),
            "funghi", Money.euros(9, 50),
            "diavola", Money.euros(10, 0),
            "quattro formaggi", Money.euros(11, 0),
            "hawaii", Money.euros(9, 0));

    private static final Money EXTRA_TOPPING = Money.euros(1, 20);

    private Menu() {}

    public static Set<String> pizzaNames() {
        return PRICES.keySet();
    }

    public static boolean offers(String pizzaName) {
        return PRICES.containsKey(pizzaName);
    }

    /** Price of a valid pizza: base price plus each extra topping. */
    public static Money priceOf(Pizza pizza) {
        return PRICES.get(pizza.name()).plus(EXTRA_TOPPING.times(pizza.extraToppings().size()));
    }

    /** Price of a valid order. A loop, not a stream: the menu service prices every order it is sent with it. */
    public static Money priceOf(Order order) {
        long cents = 0;
        for (Pizza pizza : order.pizzas()) {
            cents += priceOf(pizza).cents();
        }
        return new Money(cents);
    }
}
