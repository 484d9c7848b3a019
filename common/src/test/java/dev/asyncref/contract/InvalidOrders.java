package dev.asyncref.contract;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Each way an order can be wrong, with the message every style must give for it (SPEC.md, R5). */
public final class InvalidOrders {

    private InvalidOrders() {}

    static Stream<Arguments> everyOperationWithEveryInvalidOrder() {
        return Stream.of(Operation.values()).flatMap(operation -> cases().map(invalid -> Arguments.of(
                operation, invalid[0], invalid[1])));
    }

    private static Stream<Object[]> cases() {
        Pizza margherita = Pizza.of("margherita");
        return Stream.of(
                new Object[] {null, "order must not be null"},
                new Object[] {Order.of(" ", margherita), "order needs a customer"},
                new Object[] {new Order("ada", List.of()), "order needs at least one pizza"},
                new Object[] {new Order("ada", Collections.nCopies(11, margherita)),
                        "order has 11 pizzas; at most 10 are allowed"},
                new Object[] {new Order("ada", Arrays.asList(margherita, null)), "pizza 2 must not be null"},
                new Object[] {Order.of("ada", Pizza.of("sushi")), "pizza 1: 'sushi' is not on the menu"},
                new Object[] {Order.of("ada", Pizza.of("funghi", "a", "b", "c", "d", "e", "f")),
                        "pizza 1 has 6 extra toppings; at most 5 are allowed"});
    }
}
