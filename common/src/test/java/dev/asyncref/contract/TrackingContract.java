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

    /**
     * "No call before the subscriber requests" is an absence: a publisher that works at subscription time may do
     * so on another thread after {@code subscribe} returns, so the calls are watched for {@link Periods#QUIET}.
     */
    @Test
    @Stochastic
    default void stochastic_r13_2_callsTheServiceOnlyOnceTheSubscriberRequests(
            Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA));

        assertStaysTrue("R13.2: no call without demand", () -> downstream.tracking().calls() == 0);
        updates.request(1);

        assertThat(updates.awaitItems(1)).extracting(OrderUpdate::status).containsExactly("placed");
        updates.cancel();
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
        assertThat(updates.signalsAfterCancel()).as("R16.3: nothing after the cancel").isZero();
    }

    /**
     * "No further call" and "nothing after the cancel" are absences: a producer that outlives its subscriber
     * calls again on its own thread, some time later, so the calls and signals are watched for
     * {@link Periods#QUIET} after the cancelled call is gone.
     */
    @Test
    @Stochastic
    default void stochastic_r13_3_afterACancelTheProducerMakesNoCallAndNothingIsSignalled(
            Pizzeria pizzeria, Downstream downstream) {
        TrackingService tracking = downstream.tracking();
        tracking.hold();
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA)).request(10);
        eventually().until(() -> tracking.waiting() == 1);

        updates.cancel();

        eventually().until(() -> tracking.inFlight() == 0);
        tracking.open();
        assertStaysTrue("R13.3, R16.3: no call and no signal after the cancel",
                () -> tracking.calls() == 1 && updates.signalsAfterCancel() == 0);
    }
}
