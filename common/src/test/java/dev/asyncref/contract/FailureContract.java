package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletionStage;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** R4: a failing downstream call, in each operation. */
public interface FailureContract extends PizzeriaUnderTest {

    /** Enough for failures that meet in a library's operator to show up, at well under a second per style. */
    int ORDERS_FAILING_AT_ONCE = 200;

    @Test
    default void r4_1_aFailedQuoteFailsQuoteAtStepQuote(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().failWhen(order -> true);

        assertStepFailed(failureOf(pizzeria.quote(ONE_PIZZA)), Step.QUOTE, "menu");
    }

    @Test
    default void r4_1_aFailedQuoteFailsCheckoutAtStepQuoteAndChargesNothing(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().failWhen(order -> true);

        assertStepFailed(failureOf(pizzeria.checkout(ONE_PIZZA)), Step.QUOTE, "menu");
        assertThat(downstream.payments().calls()).as("R4.1: no step after the failed one").isZero();
    }

    @Test
    default void r4_1_aFailedChargeFailsCheckoutAtStepCharge(Pizzeria pizzeria, Downstream downstream) {
        downstream.payments().failWhen(payment -> true);

        assertStepFailed(failureOf(pizzeria.checkout(ONE_PIZZA)), Step.CHARGE, "payments");
    }

    @Test
    default void r4_2_aFailedBakeCancelsTheOtherBakesBeforeTheFailureIsDelivered(
            Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.failWhen(FUNGHI::equals).hold();

        CompletionStage<?> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);
        Delivery<Delivery.Services> delivery = Delivery.watch(baked, downstream);
        kitchen.release(FUNGHI::equals);

        assertStepFailed(delivery.failure(), Step.BAKE, "kitchen").hasMessageContaining(FUNGHI.toString());
        assertThat(delivery.seen().inFlight()).as("R4.2: no bake left in flight as the failure is delivered").isZero();
        assertThat(delivery.seen().log()).as("R4.2: the other bakes were cancelled before")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::request, CallEvent::kind)
                .containsExactlyInAnyOrder(
                        tuple(FUNGHI, Kind.FAILED), tuple(MARGHERITA, Kind.CANCELLED), tuple(DIAVOLA, Kind.CANCELLED));
    }

    @Test
    default void r4_3_theFirstFailureWinsAndTheLaterOneIsCancelled(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.failWhen(pizza -> !pizza.equals(MARGHERITA)).hold();

        CompletionStage<?> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);
        kitchen.release(DIAVOLA::equals);

        assertStepFailed(failureOf(baked), Step.BAKE, "kitchen").hasMessageContaining(DIAVOLA.toString());
        assertThat(kitchen.log()).as("R4.3: the second failing bake was cancelled, never delivered")
                .filteredOn(event -> event.request().equals(FUNGHI))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    /**
     * Failures that arrive together can only be made likely to meet inside a library's operator, not made to:
     * the gate lets three answers go at once, onto different downstream threads, {@link #ORDERS_FAILING_AT_ONCE}
     * times. A style that merges or drops the others passes whenever they never met.
     */
    @ParameterizedTest
    @EnumSource(value = Operation.class, names = {"BAKE", "BAKE_BATCH"})
    @Stochastic
    default void stochastic_r4_4_failuresArrivingTogetherFailTheOperationOnceWithOneDomainException(
            Operation operation, Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.failWhen(pizza -> true);

        for (int order = 1; order <= ORDERS_FAILING_AT_ONCE; order++) {
            kitchen.hold();
            CompletionStage<?> baked = operation.on(pizzeria, THREE_PIZZAS);
            int failing = 3 * order;
            eventually().until(() -> kitchen.waiting() == 3 && kitchen.calls() == failing);
            kitchen.open();

            assertStepFailed(failureOf(baked), Step.BAKE, "kitchen")
                    .as("R4.4: order %d, whose 3 bakes failed at the same moment", order)
                    .hasNoSuppressedExceptions();
        }
    }

    /** R4.1 and R0.2: the domain exception itself, naming the step, caused by the service's own failure. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertStepFailed(Throwable failure, Step step,
            String service) {
        assertThat(failure).as("R0.2/R4.1: the failure is a StepFailedException, not a wrapper")
                .isExactlyInstanceOf(StepFailedException.class)
                .hasMessageContaining(": step '" + step + "' failed: " + service + ": ");
        assertThat(((StepFailedException) failure).step()).isEqualTo(step);
        assertThat(failure.getCause()).as("R4.1: caused by the service's failure, unwrapped")
                .isExactlyInstanceOf(DownstreamException.class)
                .extracting(cause -> ((DownstreamException) cause).service()).isEqualTo(service);
        return assertThat(failure);
    }
}
