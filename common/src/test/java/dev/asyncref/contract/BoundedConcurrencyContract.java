package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.TEN_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.workload.Pizzeria;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R8: bounded concurrency, {@link Pizzeria#bakeBatch} (fail-fast) and {@link Pizzeria#bakeBatchOutcomes} (collect-all).
 */
public interface BoundedConcurrencyContract extends PizzeriaUnderTest {

    int OVENS = 3;

    @Test
    default void r8_1_neverMoreBakesInFlightThanOvensAndExactlyThatManyUnderLoad(
            Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();

        CompletionStage<List<BakedPizza>> baked = pizzeria.bakeBatch(TEN_PIZZAS, OVENS);

        answerOneAtATimeLastFirst(kitchen);
        assertThat(resultOf(baked)).hasSize(10);
        assertThat(kitchen.maxInFlight()).as("R8.1: exactly as many bakes as ovens under load").isEqualTo(OVENS);
    }

    @Test
    default void r8_2_keepsTheOrdersOrderWhateverOrderTheBakesFinishIn(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();

        CompletionStage<List<BakedPizza>> baked = pizzeria.bakeBatch(TEN_PIZZAS, OVENS);

        answerOneAtATimeLastFirst(kitchen);
        assertThat(resultOf(baked)).as("R8.2: results in the order's order")
                .extracting(BakedPizza::pizza)
                .containsExactlyElementsOf(TEN_PIZZAS.pizzas());
    }

    @Test
    default void r8_3_theFirstFailureCancelsTheBakesInFlightAndStartsNoMore(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.failWhen(pizza -> true).hold();

        CompletionStage<List<BakedPizza>> baked = pizzeria.bakeBatch(TEN_PIZZAS, OVENS);
        eventually().until(() -> kitchen.waiting() == OVENS);
        Pizza first = kitchen.waitingRequests().getFirst();
        Delivery<Delivery.Services> delivery = Delivery.watch(baked, downstream);
        kitchen.release(first::equals);

        Throwable failure = delivery.failure();
        assertThat(failure).isExactlyInstanceOf(StepFailedException.class)
                .hasCauseExactlyInstanceOf(DownstreamException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.BAKE);
        assertThat(kitchen.calls()).as("R8.3: no bake starts after the first failure").isEqualTo(OVENS);
        assertThat(delivery.seen().log()).as("R8.3: the other bakes in flight were cancelled before the failure")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactlyInAnyOrder(Kind.FAILED, Kind.CANCELLED, Kind.CANCELLED);
    }

    @Test
    default void r8_4_collectingAllReportsEveryOutcomeInOrderWithinTheSameLimit(Pizzeria pizzeria,
            Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.failWhen(pizza -> pizza.name().equals("funghi")).hold();

        CompletionStage<List<BakeOutcome>> outcomes = pizzeria.bakeBatchOutcomes(TEN_PIZZAS, OVENS);

        answerOneAtATimeLastFirst(kitchen);
        assertThat(resultOf(outcomes)).as("R8.4: one outcome per pizza, in the order's order")
                .extracting(BakeOutcome::pizza)
                .containsExactlyElementsOf(TEN_PIZZAS.pizzas());
        assertThat(resultOf(outcomes)).as("R8.4: the two funghi failed at the bake step, the rest baked")
                .allSatisfy(outcome -> {
                    if (outcome.pizza().name().equals("funghi")) {
                        assertThat(outcome).isInstanceOfSatisfying(BakeOutcome.Failed.class, failed -> {
                            assertThat(failed.failure().step()).isEqualTo(Step.BAKE);
                            assertThat(failed.failure()).hasCauseExactlyInstanceOf(DownstreamException.class);
                        });
                    } else {
                        assertThat(outcome).isInstanceOf(BakeOutcome.Baked.class);
                    }
                });
        assertThat(kitchen.maxInFlight()).as("R8.4: the same limit as fail-fast").isEqualTo(OVENS);
    }

    @ParameterizedTest(name = "R8.5 ovens = {0}")
    @ValueSource(ints = {0, 11})
    default void r8_5_rejectsOvensOutOfRangeWithoutCallingAnyService(int ovens, Pizzeria pizzeria,
            Downstream downstream) {
        String message = "ovens must be between 1 and 10, got " + ovens;

        assertThat(failureOf(pizzeria.bakeBatch(TEN_PIZZAS, ovens)))
                .isExactlyInstanceOf(InvalidOrderException.class).hasMessage(message);
        assertThat(failureOf(pizzeria.bakeBatchOutcomes(TEN_PIZZAS, ovens)))
                .isExactlyInstanceOf(InvalidOrderException.class).hasMessage(message);
        assertThat(downstream.log()).as("R8.5: no downstream call").isEmpty();
    }

    @Test
    default void r8_6_cancellingTheBatchCancelsTheBakesInFlightAndStartsNoMore(Pizzeria pizzeria,
            Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();
        CompletionStage<List<BakedPizza>> baked = pizzeria.bakeBatch(TEN_PIZZAS, OVENS);
        eventually().until(() -> kitchen.waiting() == OVENS);

        baked.toCompletableFuture().cancel(true);

        eventually().until(() -> kitchen.inFlight() == 0);
        kitchen.open();
        assertThat(kitchen.log()).as("R8.6: the bakes in flight were cancelled")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.CANCELLED, Kind.CANCELLED, Kind.CANCELLED);
        assertThat(kitchen.calls()).as("R8.6: no bake starts after cancellation").isEqualTo(OVENS);
    }

    /**
     * Lets the batch's bakes finish one at a time, always the waiting pizza that comes last in the order,
     * so that they finish far out of order; before each, checks that exactly as many bakes as ovens (or as
     * pizzas are left) are in flight and that no other bake has started.
     */
    private static void answerOneAtATimeLastFirst(KitchenService kitchen) {
        List<Pizza> pizzas = TEN_PIZZAS.pizzas();
        for (int answered = 0; answered < pizzas.size(); answered++) {
            int expected = Math.min(OVENS, pizzas.size() - answered);
            eventually().until(() -> kitchen.waiting() == expected);
            assertThat(kitchen.inFlight()).as("R8.1: bakes in flight after %d answers", answered).isEqualTo(expected);
            assertThat(kitchen.calls()).as("R8.1: bakes started after %d answers", answered)
                    .isEqualTo(answered + expected);
            Pizza last = kitchen.waitingRequests().stream().max(Comparator.comparingInt(pizzas::indexOf)).orElseThrow();
            kitchen.release(last::equals);
            eventually().until(() -> kitchen.log().stream()
                    .anyMatch(event -> event.request().equals(last)
                            && (event.is(Kind.SUCCEEDED) || event.is(Kind.FAILED))));
        }
    }
}
