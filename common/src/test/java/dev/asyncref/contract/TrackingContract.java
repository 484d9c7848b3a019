package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.TrackingService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** R13: order tracking, {@link Pizzeria#track}: a stream produced by a service over time. */
public interface TrackingContract extends PizzeriaUnderTest {

    @Test
    default void r13_1_streamsEveryUpdateInOrderThenCompletesOnce(Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA)).request(10);

        updates.awaitTermination();

        assertThat(updates.items()).extracting(OrderUpdate::status)
                .containsExactly("placed", "baking", "out for delivery", "delivered");
        assertThat(updates.completions()).as("R13.1: completed once").isOne();
        assertThat(updates.errors()).isEmpty();
        assertThat(downstream.tracking().calls()).as("R13.1: a call per update, and one that finds the end")
                .isEqualTo(5);
    }

    @Test
    default void r13_2_callsTheServiceOnlyOnceTheSubscriberRequests(Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA));

        assertStaysTrue(Duration.ofMillis(50), "R13.2: no call without demand",
                () -> downstream.tracking().calls() == 0);
        updates.request(1);

        assertThat(updates.awaitItems(1)).extracting(OrderUpdate::status).containsExactly("placed");
    }

    @Test
    default void r13_3_cancellingMidwayCancelsTheCallInFlightAndStopsTheProducer(
            Pizzeria pizzeria, Downstream downstream) {
        TrackingService tracking = downstream.tracking();
        tracking.hold();
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA)).request(10);
        eventually().until(() -> tracking.waiting() == 1);
        tracking.releaseCall(1);
        updates.awaitItems(1);
        eventually().until(() -> tracking.waiting() == 1);

        updates.cancel();

        eventually().until(() -> tracking.inFlight() == 0);
        tracking.open();
        assertThat(tracking.log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind).as("R13.3: the call in flight is cancelled")
                .containsExactly(tuple(1L, Kind.SUCCEEDED), tuple(2L, Kind.CANCELLED));
        assertStaysTrue(Duration.ofMillis(50), "R13.3: the producer stops", () -> tracking.calls() == 2);
        assertThat(updates.signalsAfterCancel()).as("R16.3: nothing after the cancel").isZero();
    }
}
