package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** R6: the caller cancels the returned stage. */
public interface CancellationContract extends PizzeriaUnderTest {

    @Test
    default void r6_1_cancellingBakeCancelsEveryBakeInFlight(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();
        CompletionStage<?> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);

        baked.toCompletableFuture().cancel(true);

        eventually().until(() -> kitchen.inFlight() == 0);
        assertThat(kitchen.log()).as("R6.1: every bake logged as cancelled")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.CANCELLED, Kind.CANCELLED, Kind.CANCELLED);
    }

    @Test
    default void r6_2_cancellingCheckoutDuringTheQuoteCancelsItAndChargesNothing(
            Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<?> receipt = pizzeria.checkout(ONE_PIZZA);
        eventually().until(() -> menu.waiting() == 1);

        receipt.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        menu.open();
        assertThat(menu.log()).extracting(CallEvent::kind)
                .as("R6.2: the quote was cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(downstream.payments().calls()).as("R6.2: no step starts after cancellation").isZero();
    }
}
