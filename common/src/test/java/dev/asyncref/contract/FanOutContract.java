package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertPending;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Pizza;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.workload.Pizzeria;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** R3: fan-out and fan-in of independent calls, {@link Pizzeria#bake}. */
public interface FanOutContract extends PizzeriaUnderTest {

    @Test
    default void r3_1_bakesEveryPizzaAtOnce(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();

        CompletionStage<List<BakedPizza>> baked = pizzeria.bake(THREE_PIZZAS);

        eventually().until(() -> kitchen.waiting() == 3);
        assertThat(kitchen.inFlight()).as("R3.1: every bake in flight before any is answered").isEqualTo(3);
        assertPending(baked, "R3.1: nothing is delivered before every bake is answered");
        kitchen.open();
        assertThat(resultOf(baked)).hasSize(3);
        assertThat(kitchen.maxInFlight()).isEqualTo(3);
    }

    @Test
    default void r3_2_keepsTheOrdersOrderWhateverOrderTheOvensFinishIn(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();

        CompletionStage<List<BakedPizza>> baked = pizzeria.bake(THREE_PIZZAS);

        eventually().until(() -> kitchen.waiting() == 3);
        for (Pizza pizza : List.of(DIAVOLA, FUNGHI, MARGHERITA)) {
            assertThat(kitchen.release(pizza::equals)).isEqualTo(1);
            eventually().until(() -> kitchen.log().stream()
                    .anyMatch(event -> event.is(Kind.SUCCEEDED) && event.request().equals(pizza)));
        }
        assertThat(resultOf(baked)).as("R3.2: results in the order's order")
                .extracting(BakedPizza::pizza)
                .containsExactly(MARGHERITA, FUNGHI, DIAVOLA);
        assertThat(kitchen.calls()).as("R3.2: one bake per pizza").isEqualTo(3);
    }
}
