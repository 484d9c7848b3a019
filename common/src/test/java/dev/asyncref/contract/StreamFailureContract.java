package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** R16: how streams end: a failure once, completion once, nothing after a cancellation. */
public interface StreamFailureContract extends PizzeriaUnderTest {

    @Test
    default void r16_1_aFailedTrackingCallEndsTheStreamWithTheStepFailureOnce(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.tracking().failCalls(call -> call == 2);

        RecordingSubscriber<OrderUpdate> updates =
                subscribeTo(pizzeria.track(ONE_PIZZA)).request(10).awaitTermination();

        assertThat(updates.items()).extracting(OrderUpdate::status).containsExactly("placed");
        assertStepFailure(updates, Step.TRACK);
        assertStaysTrue(Duration.ofMillis(50), "R16.1: no call after the failure",
                () -> downstream.tracking().calls() == 2);
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
    default void r16_3_anInvalidOrderIsAnErrorAfterOnSubscribeWithoutAnyCall(Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(Order.of(" "))).awaitTermination();

        assertThat(updates.subscriptions()).isOne();
        assertThat(updates.errors()).singleElement().isExactlyInstanceOf(InvalidOrderException.class);
        assertThat(downstream.log()).isEmpty();
    }

    private static void assertStepFailure(RecordingSubscriber<?> subscriber, Step step) {
        assertStaysTrue(Duration.ofMillis(50), "R16.1: one error, no completion",
                () -> subscriber.errors().size() == 1 && subscriber.completions() == 0);
        Throwable failure = subscriber.errors().getFirst();
        assertThat(failure).as("R16: the domain exception, not a library's")
                .isExactlyInstanceOf(StepFailedException.class)
                .hasCauseExactlyInstanceOf(DownstreamException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(step);
    }
}
