package dev.asyncref.domain;

import java.util.List;

/**
 * One pizza as the customer asked for it: a name from the {@link Menu} and extra toppings.
 *
 * <p>Records here hold what a caller sent, unchecked, so that every style can be shown receiving bad
 * input; {@link OrderValidation} is the one place that judges it.
 */
public record Pizza(String name, List<String> extraToppings) {

    public Pizza {
        extraToppings = extraToppings == null ? List.of() : extraToppings;
    }

    public static Pizza of(String name, String... extraToppings) {
        return new Pizza(name, List.of(extraToppings));
    }

    @Override
    public String toString() {
        return extraToppings.isEmpty() ? name : name + " + " + String.join(", ", extraToppings);
    }
}
