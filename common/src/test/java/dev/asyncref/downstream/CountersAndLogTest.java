package dev.asyncref.downstream;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.downstream.CallEvent.Kind.STARTED;
import static dev.asyncref.downstream.CallEvent.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.mock;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the services count and what the shared call log records. */
class CountersAndLogTest {

    private static final Pizza MARGHERITA = Pizza.of("margherita");

    private final Callback<BakedPizza> callback = mock();

    @Test
    void countsCallsAndTheMostInFlightAtOnce() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.hold();

            for (int i = 0; i < 3; i++) {
                kitchen.bake(MARGHERITA, callback);
            }
            assertThat(kitchen.inFlight()).isEqualTo(3);

            kitchen.open();
            eventually().until(() -> kitchen.inFlight() == 0);
            assertThat(kitchen.calls()).isEqualTo(3);
            assertThat(kitchen.maxInFlight()).isEqualTo(3);
        }
    }

    @Test
    void theSharedLogOrdersEventsAcrossServices() throws InterruptedException {
        try (Downstream downstream = Downstream.start()) {
            Quote quote = downstream.menu().quote(Order.of("ada", MARGHERITA));
            downstream.payments().charge(new Payment("ada", quote.total()));

            assertThat(downstream.log()).extracting(CallEvent::service, CallEvent::kind).containsExactly(
                    tuple("menu", STARTED), tuple("menu", SUCCEEDED),
                    tuple("payments", STARTED), tuple("payments", SUCCEEDED));
        }
    }

    @Test
    void recordsTheCallerThreadOnStartAndTheDownstreamThreadOnSuccess() throws InterruptedException {
        try (Downstream downstream = Downstream.start()) {
            downstream.kitchen().bake(MARGHERITA);

            List<CallEvent> log = downstream.log();
            assertThat(log).extracting(CallEvent::kind).containsExactly(STARTED, SUCCEEDED);
            assertThat(log.getFirst().thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(log.getLast().thread()).matches("downstream-\\d+");
            assertThat(log).extracting(CallEvent::virtualThread).containsOnly(false);
        }
    }

    @Test
    void recordsACallerOnAVirtualThreadAsVirtualWithItsId() throws InterruptedException {
        try (Downstream downstream = Downstream.start()) {
            Thread caller = Thread.ofVirtual().start(() -> downstream.kitchen().bake(MARGHERITA, callback));
            caller.join();

            CallEvent started = downstream.log().getFirst();
            assertThat(started.kind()).isEqualTo(STARTED);
            assertThat(started.virtualThread()).isTrue();
            assertThat(started.thread()).isEqualTo("virtual-" + caller.threadId());
        }
    }

    @Test
    void keepsTheFirstEventsUpToItsCapacityAndCountsTheRestAsDropped() throws InterruptedException {
        try (Downstream downstream = Downstream.start(Downstream.Settings.defaults().withLogCapacity(2))) {
            downstream.kitchen().bake(MARGHERITA);
            downstream.kitchen().bake(MARGHERITA);

            assertThat(downstream.log()).extracting(CallEvent::call, CallEvent::kind)
                    .containsExactly(tuple(1L, STARTED), tuple(1L, SUCCEEDED));
            assertThat(downstream.droppedLogEntries()).isEqualTo(2);
        }
    }

    @Test
    void recordsNothingWithCapacityZero() throws InterruptedException {
        try (Downstream downstream = Downstream.start(Downstream.Settings.defaults().withLogCapacity(0))) {
            downstream.kitchen().bake(MARGHERITA);

            assertThat(downstream.log()).isEmpty();
            // Recording is off rather than full: nothing counts as dropped.
            assertThat(downstream.droppedLogEntries()).isZero();
        }
    }
}
