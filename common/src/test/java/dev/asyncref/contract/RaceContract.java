package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertPending;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** R7: racing equivalent services, {@link Pizzeria#findCourier}. */
public interface RaceContract extends PizzeriaUnderTest {

    @Test
    default void r7_1_asksEveryCourierAtOnceAndTakesTheFirstOffer(Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(CourierService::hold);

        CompletionStage<CourierOffer> offer = pizzeria.findCourier(ONE_PIZZA);

        eventually().until(() -> everyCourierIsWaiting(downstream));
        assertPending(offer, "R7.1: no offer before a courier answers");
        downstream.courier("scooter").open();
        assertThat(resultOf(offer).courier()).as("R7.1: the first offer wins").isEqualTo("scooter");
    }

    @Test
    default void r7_2_aFailedCourierIsALossNotTheResult(Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(CourierService::hold);
        downstream.courier("bike").failWhen(order -> true);

        CompletionStage<CourierOffer> offer = pizzeria.findCourier(ONE_PIZZA);
        eventually().until(() -> everyCourierIsWaiting(downstream));
        downstream.courier("bike").open();
        eventually().until(() -> downstream.courier("bike").inFlight() == 0);

        assertPending(offer, "R7.2: a failure does not end the race");
        downstream.courier("van").open();
        assertThat(resultOf(offer).courier()).isEqualTo("van");
    }

    @Test
    default void r7_3_theLosersAreCancelledBeforeTheOfferIsDelivered(Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(CourierService::hold);

        CompletionStage<CourierOffer> offer = pizzeria.findCourier(ONE_PIZZA);
        eventually().until(() -> everyCourierIsWaiting(downstream));
        Delivery<Delivery.Services> delivery = Delivery.watch(offer, downstream);
        downstream.courier("scooter").open();

        assertThat(delivery.outcome()).isInstanceOf(CourierOffer.class);
        assertThat(delivery.seen().inFlight()).as("R7.3: no loser left in flight as the offer is delivered").isZero();
        assertThat(delivery.seen().log()).as("R7.3: each loser's call was cancelled before")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(event -> event.service() + " " + event.kind())
                .containsExactlyInAnyOrder("scooter SUCCEEDED", "bike CANCELLED", "van CANCELLED");
    }

    @Test
    default void r7_4_whenEveryCourierFailsOneErrorCarriesEveryFailure(Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(courier -> courier.failWhen(order -> true));

        Throwable failure = failureOf(pizzeria.findCourier(ONE_PIZZA));

        assertThat(failure).as("R7.4: one StepFailedException for the step")
                .isExactlyInstanceOf(StepFailedException.class)
                .hasMessage("findCourier: step 'find courier' failed: all 3 alternatives failed");
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.FIND_COURIER);
        assertThat(failure.getSuppressed()).as("R7.4: every courier's own failure, unwrapped")
                .hasExactlyElementsOfTypes(DownstreamException.class, DownstreamException.class,
                        DownstreamException.class)
                .extracting(suppressed -> ((DownstreamException) suppressed).service())
                .containsExactlyInAnyOrder("bike", "scooter", "van");
    }

    @Test
    default void r7_5_cancellingTheRaceCancelsEveryCourierCall(Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(CourierService::hold);
        CompletionStage<CourierOffer> offer = pizzeria.findCourier(ONE_PIZZA);
        eventually().until(() -> everyCourierIsWaiting(downstream));

        offer.toCompletableFuture().cancel(true);

        eventually().until(() -> downstream.inFlight() == 0);
        assertThat(downstream.log()).as("R7.5: every courier call was cancelled")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.CANCELLED, Kind.CANCELLED, Kind.CANCELLED);
    }

    private static boolean everyCourierIsWaiting(Downstream downstream) {
        return downstream.couriers().stream().allMatch(courier -> courier.waiting() == 1);
    }
}
