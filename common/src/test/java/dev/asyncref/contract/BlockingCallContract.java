package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.AddressBook;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.workload.Pizzeria;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * R18: a blocking legacy call, {@link Pizzeria#planDelivery}'s address lookup in {@link AddressBook}, whose
 * only API blocks. The call log records the thread each lookup blocked.
 */
public interface BlockingCallContract extends PizzeriaUnderTest {

    /** More blocked lookups than any pool sized to the cores has threads. */
    int BLOCKED = 4 * Runtime.getRuntime().availableProcessors() + 4;

    @Test
    default void r18_1_looksTheAddressUpThenPlansTheRouteThere(Pizzeria pizzeria, Downstream downstream) {
        DeliveryPlan plan = resultOf(pizzeria.planDelivery(ONE_PIZZA));

        assertThat(plan.order()).isEqualTo(ONE_PIZZA);
        assertThat(plan.address().customer()).isEqualTo(ONE_PIZZA.customer());
        assertThat(plan.route().to()).isEqualTo(plan.address());
        assertThat(plan.route().blocks()).as("R18.1: blocks walked, walls avoided")
                .isGreaterThanOrEqualTo(plan.address().x() + plan.address().y());
        assertThat(downstream.log()).as("R18.1: the planning starts once the address has arrived")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(tuple("addresses", Kind.STARTED), tuple("addresses", Kind.SUCCEEDED),
                        tuple("routes", Kind.STARTED), tuple("routes", Kind.SUCCEEDED));
    }

    @Test
    default void r18_2_blockedLookupsLeaveTimersAndOtherOperationsRunning(Pizzeria pizzeria, Downstream downstream) {
        AddressBook addresses = downstream.addresses();
        addresses.hold();
        downstream.couriers().forEach(CourierService::hold);
        String caller = Thread.currentThread().getName();

        List<CompletionStage<DeliveryPlan>> plans =
                IntStream.range(0, BLOCKED).mapToObj(i -> pizzeria.planDelivery(ONE_PIZZA)).toList();
        eventually().until(() -> addresses.waiting() > Runtime.getRuntime().availableProcessors());

        assertThat(resultOf(pizzeria.bake(ONE_PIZZA))).as("R18.2: the style's own threads are free").hasSize(1);
        assertThat(resultOf(pizzeria.findCourierWithin(ONE_PIZZA, Periods.SHORT)))
                .as("R18.2: its timers still fire (R9.5: the fallback comes only from the timer)")
                .isEqualTo(CourierOffer.OWN_DRIVER);
        addresses.open();
        plans.forEach(Outcomes::resultOf);
        assertThat(downstream.log().stream()
                        .filter(event -> event.service().equals("addresses") && event.is(Kind.STARTED)))
                .as("R18.2: each lookup blocked neither the caller nor a downstream thread")
                .hasSize(BLOCKED)
                .allSatisfy(event -> assertThat(event.thread()).isNotEqualTo(caller).doesNotMatch("downstream-\\d+"));
    }

    @Test
    default void r18_3_cancellingDuringTheLookupCancelsItAndPlansNothing(Pizzeria pizzeria, Downstream downstream) {
        cancelDuringTheLookup(pizzeria, downstream);

        assertThat(downstream.log()).as("R18.3: the blocked lookup is cancelled, so its thread is free")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(tuple("addresses", Kind.STARTED), tuple("addresses", Kind.CANCELLED));
    }

    /**
     * "No planning starts" is an absence: a style that plans regardless does so a moment after the cancelled
     * lookup returns, on its own thread, so the plannings are watched for {@link Periods#QUIET}.
     */
    @Test
    @Stochastic
    default void stochastic_r18_3_noPlanningStartsAfterACancelDuringTheLookup(Pizzeria pizzeria,
            Downstream downstream) {
        cancelDuringTheLookup(pizzeria, downstream);

        assertStaysTrue("R18.3: no planning after a cancel", () -> downstream.routes().calls() == 0);
    }

    @Test
    default void r18_4_aFailedLookupFailsTheStepAndPlansNothing(Pizzeria pizzeria, Downstream downstream) {
        downstream.addresses().failWhen(customer -> true);

        Throwable failure = failureOf(pizzeria.planDelivery(ONE_PIZZA));

        assertThat(failure).isExactlyInstanceOf(StepFailedException.class)
                .hasCauseExactlyInstanceOf(DownstreamException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.ADDRESS);
        assertThat(downstream.routes().calls()).as("R18.4").isZero();
    }

    /** Plans a delivery, cancels it while its lookup is blocked, and waits until the lookup has stopped. */
    private static void cancelDuringTheLookup(Pizzeria pizzeria, Downstream downstream) {
        AddressBook addresses = downstream.addresses();
        addresses.hold();
        CompletionStage<DeliveryPlan> plan = pizzeria.planDelivery(ONE_PIZZA);
        eventually().until(() -> addresses.waiting() == 1);
        plan.toCompletableFuture().cancel(true);
        eventually().until(() -> addresses.inFlight() == 0);
    }
}
