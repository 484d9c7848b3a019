package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** R5: invalid input, in every operation. */
public interface ValidationContract extends PizzeriaUnderTest {

    @ParameterizedTest(name = "R5.1 {0} rejects: {2}")
    @MethodSource("dev.asyncref.contract.InvalidOrders#everyOperationWithEveryInvalidOrder")
    default void r5_1_rejectsAnInvalidOrderThroughTheStageWithoutCallingAnyService(
            Operation operation, Order order, String message, Pizzeria pizzeria, Downstream downstream) {
        AtomicReference<CompletionStage<?>> stage = new AtomicReference<>();

        assertThatCode(() -> stage.set(operation.on(pizzeria, order)))
                .as("R0.1: the call itself throws nothing").doesNotThrowAnyException();

        assertThat(failureOf(stage.get())).as("R5.1: the same validation error in every style")
                .isExactlyInstanceOf(InvalidOrderException.class)
                .hasMessage(message);
        assertThat(downstream.log()).as("R5.1: no downstream call for an invalid order").isEmpty();
    }
}
