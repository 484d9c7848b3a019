package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** R16: how streams end: a failure once, completion once, nothing after a cancellation. */
public interface StreamFailureContract extends PizzeriaUnderTest {

    @Test
    default void r16_1_aFailedTrackingCallEndsTheStreamWithTheStepFailureOnce(Pizzeria pizzeria,
            Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = trackingWhoseSecondCallFails(pizzeria, downstream);

        assertThat(updates.items()).extracting(OrderUpdate::status).containsExactly("placed");
        assertStepFailure(updates, Step.TRACK);
        assertThat(downstream.tracking().calls()).as("R16.1: no call after the failure").isEqualTo(2);
    }

    /**
     * "Once" and "no further call" are absences: a second terminal signal or a call after the failure would come
     * some time later, on another thread, so both are watched for {@link Periods#QUIET}.
     */
    @Test
    @Stochastic
    default void stochastic_r16_1_afterAFailureNothingElseIsSignalledOrCalled(Pizzeria pizzeria,
            Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = trackingWhoseSecondCallFails(pizzeria, downstream);

        assertStaysTrue("R16.1: one error, no completion, no call after the failure",
                () -> updates.errors().size() == 1 && updates.completions() == 0
                        && downstream.tracking().calls() == 2);
    }

    @Test
    default void r16_2_aFailedPageEndsTheStreamWithTheStepFailureOnce(Pizzeria pizzeria, Downstream downstream) {
        downstream.history().failCalls(call -> call == 2);

        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history("ada")).request(Long.MAX_VALUE)
                .awaitTermination();

        assertThat(history.items()).as("R16.2: the first page is delivered").hasSize(5);
        assertStepFailure(history, Step.HISTORY);
    }

    @Test
    default void r16_4_aRequestForNothingWhileACallIsHeldEndsTheStreamAndCancelsTheCall(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.tracking().hold();
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA)).request(1);
        eventually().until(() -> downstream.tracking().waiting() == 1);

        updates.request(0).awaitTermination();

        assertThat(updates.errors()).as("R16.4: one error, Reactive Streams rule 3.9").singleElement()
                .isInstanceOf(IllegalArgumentException.class);
        eventually().until(() -> downstream.tracking().inFlight() == 0);
        assertThat(downstream.tracking().log()).extracting(CallEvent::kind)
                .as("R16.4: the call in flight is cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    @Test
    default void r16_4_aRequestForNothingInsideOnSubscribeEndsTheStreamWithoutACall(Pizzeria pizzeria,
            Downstream downstream) {
        RecordingSubscriber<PastOrder> history =
                subscribeTo(pizzeria.history("ada"), subscription -> subscription.request(0)).awaitTermination();


        assertThat(history.errors()).as("R16.4: one error, Reactive Streams rule 3.9").singleElement()
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(history.items()).isEmpty();
        assertThat(downstream.history().calls()).as("R16.4: no call").isZero();
    }

    @Test
    default void r16_3_anInvalidOrderIsAnErrorAfterOnSubscribeWithoutAnyCall(Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(Order.of(" "))).awaitTermination();

        assertThat(updates.subscriptions()).isOne();
        assertThat(updates.errors()).singleElement().isExactlyInstanceOf(InvalidOrderException.class);
        assertThat(downstream.log()).isEmpty();
    }

    /**
     * A style that checks the order while subscribing, and signals the error whatever happened in
     * {@code onSubscribe}, does so before {@code subscribe} returns: this catches it. One that signals later is
     * watched by the stochastic twin.
     */
    @Test
    default void r16_3_aSubscriberThatCancelsInOnSubscribeHearsNothingOfAnInvalidOrder(Pizzeria pizzeria,
            Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates =
                subscribeTo(pizzeria.track(Order.of(" ")), Flow.Subscription::cancel);

        assertThat(updates.errors()).as("R16.3: nothing after a cancel, not even an invalid order's error").isEmpty();
        assertThat(updates.completions()).isZero();
    }

    /** "Nothing" is an absence: a signal after the cancel could come later, on another thread. */
    @Test
    @Stochastic
    default void stochastic_r16_3_aSubscriberThatCancelsInOnSubscribeHearsNothingOfAnInvalidOrder(
            Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(" "), Flow.Subscription::cancel);

        assertStaysTrue("R16.3: nothing after a cancel, not even an invalid customer's error",
                () -> history.errors().isEmpty() && history.completions() == 0 && downstream.log().isEmpty());
    }

    /** Tracks an order whose second tracking call fails, asking for ten updates, until the stream ends. */
    private static RecordingSubscriber<OrderUpdate> trackingWhoseSecondCallFails(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.tracking().failCalls(call -> call == 2);
        return subscribeTo(pizzeria.track(ONE_PIZZA)).request(10).awaitTermination();
    }

    private static void assertStepFailure(RecordingSubscriber<?> subscriber, Step step) {
        assertThat(subscriber.completions()).as("R16.1: no completion").isZero();
        assertThat(subscriber.errors()).as("R16.1: one error").hasSize(1);
        Throwable failure = subscriber.errors().getFirst();
        assertThat(failure).as("R16: the domain exception, not a library's")
                .isExactlyInstanceOf(StepFailedException.class)
                .hasCauseExactlyInstanceOf(DownstreamException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(step);
    }
}
