package dev.asyncref.domain;

import java.util.List;

/** A customer's order, as received; see {@link OrderValidation} for what makes it acceptable. */
public record Order(String customer, List<Pizza> pizzas) {

    public static Order of(String customer, Pizza... pizzas) {
        return new Order(customer, List.of(pizzas));
    }

    @Override
    public String toString() {
        return customer + "'s order " + pizzas;
    }
}
