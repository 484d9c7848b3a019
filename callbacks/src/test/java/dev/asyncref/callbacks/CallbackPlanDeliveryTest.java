package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.asyncref.context.OperationName;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.downstream.AddressBook;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.RoutePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Which pool's threads {@code planDelivery}'s two steps take, and what its cancel does to those threads,
 * seen from the pools the caller gave ({@link Pools}: {@code lookup-N}, {@code planning-N}).
 */
class CallbackPlanDeliveryTest {

    private final Downstream downstream = Downstream.start();
    private final AddressBook addresses = downstream.addresses();
    private final RoutePlanner routes = downstream.routes();
    @AutoClose
    private final Pools pools = new Pools();
    private final CallbackPizzeria pizzeria = pools.pizzeria(downstream);
    @SuppressWarnings("unchecked")
    private final Callback<DeliveryPlan> listener = mock(Callback.class);

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    @Test
    void theLookupBlocksALookupThreadAndThePlanningComputesOnAPlanningThreadWhichTellsTheListener() {
        AtomicReference<String> heardOn = new AtomicReference<>();

        pizzeria.planDelivery(ONE_PIZZA,
                Callback.of(plan -> heardOn.set(Thread.currentThread().getName()), error -> {}));

        eventually().until(() -> heardOn.get() != null);
        assertThat(startedOn("addresses")).singleElement().asString().matches("lookup-\\d+");
        assertThat(startedOn("routes")).singleElement().asString().matches("planning-\\d+");
        assertThat(heardOn.get()).isEqualTo(startedOn("routes").getFirst());
    }

    @Test
    void asManyLookupsBlockAtOnceAsTheLookupPoolHasThreadsAndTheNextOneWaitsItsTurn() {
        addresses.hold();

        IntStream.rangeClosed(0, Pools.LOOKUP_THREADS).forEach(i -> pizzeria.planDelivery(ONE_PIZZA, listener));

        eventually().until(() -> addresses.waiting() == Pools.LOOKUP_THREADS);
        assertThat(Pools.LOOKUP_THREADS).as("more than the cores, since a blocked thread uses none")
                .isGreaterThan(Pools.CORES);
        assertThat(pools.lookups.getActiveCount()).isEqualTo(Pools.LOOKUP_THREADS);
        assertThat(pools.lookups.getQueue()).as("the legacy client never sees more lookups than the pool's size")
                .hasSize(1);
        assertThat(addresses.calls()).isEqualTo(Pools.LOOKUP_THREADS);
        addresses.open();
        eventually().until(() -> routes.calls() == Pools.LOOKUP_THREADS + 1);
    }

    @Test
    void cancellingDuringTheLookupInterruptsTheBlockedThreadAndGivesItBackToThePool() {
        addresses.hold();
        Cancellable plan = pizzeria.planDelivery(ONE_PIZZA, listener);
        eventually().until(() -> addresses.waiting() == 1);

        assertThat(plan.cancel()).isTrue();

        eventually().until(() -> pools.lookups.getActiveCount() == 0);
        assertThat(addresses.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(routes.calls()).isZero();
        verifyNoInteractions(listener);
    }

    @Test
    void cancellingAComputingPlanningStopsItAndGivesItsThreadBackToThePool() {
        routes.hold();
        Cancellable plan = pizzeria.planDelivery(ONE_PIZZA, listener);
        eventually().until(() -> routes.running() == 1);

        assertThat(plan.cancel()).isTrue();

        eventually().until(() -> pools.planning.getActiveCount() == 0);
        assertThat(downstream.log()).filteredOn(event -> event.service().equals("routes")).extracting(CallEvent::kind)
                .containsExactly(Kind.STARTED, Kind.CANCELLED);
        verifyNoInteractions(listener);
    }

    @Test
    void aPoolCallCancelledWhileQueuedNeverWorksNorAnswers() {
        AtomicBoolean worked = new AtomicBoolean();
        @SuppressWarnings("unchecked")
        Callback<String> answer = mock(Callback.class);
        PoolCall<String> call = new PoolCall<>(() -> {
            worked.set(true);
            return "done";
        }, answer);

        assertThat(call.cancel()).isTrue();
        call.run(); // as the pool's thread does once it takes the call off the queue

        assertThat(call.cancel()).as("Cancellable: false once cancelled").isFalse();
        assertThat(worked).isFalse();
        verifyNoInteractions(answer);
    }

    @Test
    void anOperationSettledByItsOwnPoolCallsAnswerDoesNotInterruptThatThread() throws InterruptedException {
        List<Boolean> interruptedWhenHeard = new ArrayList<>();
        Outcome<String> outcome = new Outcome<>(RequestMdc.capture(OperationName.PLAN_DELIVERY), Callback.of(
                value -> interruptedWhenHeard.add(Thread.currentThread().isInterrupted()), error -> {}));
        AtomicReference<PoolCall<String>> call = new AtomicReference<>();
        outcome.start(outcome.call(answer -> {
            call.set(new PoolCall<>(() -> "planned", answer));
            return call.get();
        }), outcome::succeed);

        // Settling cancels the operation's calls, this one among them: it has answered, so it is not interrupted.
        Thread worker = Thread.ofPlatform().start(call.get());
        worker.join();

        assertThat(interruptedWhenHeard).containsExactly(false);
    }

    private List<String> startedOn(String service) {
        return downstream.log().stream().filter(event -> event.service().equals(service) && event.is(Kind.STARTED))
                .map(CallEvent::thread).toList();
    }
}
