package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.TrackingService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * R15: backpressure. A fast producer (tracking pings answered at once, ten thousand of them) and a slow
 * subscriber (it requests a few at a time): what the stream has fetched beyond the subscriber's demand is
 * what it buffers, and stays within {@link #BUFFER}.
 */
public interface BackpressureContract extends PizzeriaUnderTest {

    /** The most items a stream may fetch beyond what its subscriber has requested. */
    int BUFFER = 16;

    @Test
    default void r15_1_aSlowSubscriberBoundsWhatAFastProducerFetches(Pizzeria pizzeria, Downstream downstream) {
        TrackingService tracking = downstream.tracking().updates(ONE_PIZZA.customer(), 10_000);
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA)).request(1);
        updates.awaitItems(1);

        assertStaysTrue(Duration.ofMillis(200), "R15.1: at most " + BUFFER + " fetched beyond 1 requested",
                () -> tracking.calls() <= 1 + BUFFER);
        updates.request(20);
        updates.awaitItems(21);
        assertStaysTrue(Duration.ofMillis(200), "R15.1: at most " + BUFFER + " fetched beyond 21 requested",
                () -> tracking.calls() <= 21 + BUFFER);
        assertThat(updates.items()).extracting(OrderUpdate::sequence).startsWith(1L, 2L, 3L);
        updates.cancel();
    }
}
