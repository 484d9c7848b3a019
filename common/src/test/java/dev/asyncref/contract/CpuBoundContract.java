package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * R19: a CPU-bound step, {@link Pizzeria#planDelivery}'s route planning in {@link RoutePlanner}. Held
 * plannings keep their cores busy until released, so the tests can fill the planning pool and watch what
 * else still runs.
 */
public interface CpuBoundContract extends PizzeriaUnderTest {

    int CORES = Runtime.getRuntime().availableProcessors();

    /** Twice as many plannings as there are cores. */
    int PLANNINGS = 2 * CORES;

    @Test
    default void r19_1_noMorePlanningsRunAtOnceThanThereAreCores(Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();

        List<CompletionStage<DeliveryPlan>> plans = startPlannings(pizzeria, downstream);
        assertStaysTrue(Duration.ofMillis(300), "R19.1: at most one planning per core", () -> routes.running() <= CORES);
        routes.open();
        plans.forEach(Outcomes::resultOf);

        assertThat(routes.maxRunning()).as("R19.1").isBetween(1, CORES);
        assertThat(downstream.log().stream().filter(event -> event.service().equals("routes") && event.is(Kind.STARTED)))
                .as("R19.1: never on a downstream thread (the services' event loop)")
                .allSatisfy(event -> assertThat(event.thread()).doesNotMatch("downstream-\\d+"));
    }

    @Test
    default void r19_2_timersStillFireWhileEveryPlanningCoreIsBusy(Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();
        List<CompletionStage<DeliveryPlan>> plans = startPlannings(pizzeria, downstream);
        downstream.menu().hold();

        Throwable timeout = failureOf(pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(20)));
        CompletionStage<?> hedged = pizzeria.quoteHedged(ONE_PIZZA, Duration.ofMillis(20));
        eventually().until(() -> downstream.menu().calls() == 3);

        assertThat(timeout).as("R19.2: a timeout fired").isExactlyInstanceOf(TimedOutException.class);
        assertThat(routes.running()).as("R19.2: ... and a hedge went out, while the plannings still ran").isPositive();
        assertThat(downstream.log()).as("R19.2").noneMatch(event -> event.service().equals("routes") && !event.is(Kind.STARTED));
        downstream.menu().open();
        resultOf(hedged);
        routes.open();
        plans.forEach(Outcomes::resultOf);
    }

    @Test
    default void r19_3_cancellingStopsAPlanningThatIsComputing(Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();
        CompletionStage<DeliveryPlan> plan = pizzeria.planDelivery(ONE_PIZZA);
        eventually().until(() -> routes.running() == 1);

        plan.toCompletableFuture().cancel(true);

        eventually().until(() -> routes.running() == 0);
        assertThat(downstream.log()).as("R19.3: the planning stopped, its core is free")
                .filteredOn(event -> event.service().equals("routes")).extracting(CallEvent::kind)
                .containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    @Test
    default void r19_4_aPlanningStillWaitingForACoreNeverStartsOnceCancelled(Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();
        List<CompletionStage<DeliveryPlan>> computing =
                IntStream.range(0, CORES).mapToObj(i -> pizzeria.planDelivery(ONE_PIZZA)).toList();
        eventually().until(() -> routes.running() == CORES);
        List<CompletionStage<DeliveryPlan>> waiting =
                IntStream.range(0, CORES).mapToObj(i -> pizzeria.planDelivery(ONE_PIZZA)).toList();
        eventually().until(() -> downstream.addresses().log().stream().filter(event -> event.is(Kind.SUCCEEDED))
                .count() == PLANNINGS);
        assertStaysTrue(Duration.ofMillis(100), "the pool is full", () -> routes.running() <= CORES);
        long started = routes.calls();

        // The waiting ones first: a core freed by a computing one's cancel may rightly take one not yet cancelled.
        waiting.forEach(plan -> plan.toCompletableFuture().cancel(true));
        computing.forEach(plan -> plan.toCompletableFuture().cancel(true));

        eventually().until(() -> routes.running() == 0);
        assertStaysTrue(Duration.ofMillis(100), "R19.4: no planning starts after its cancel",
                () -> routes.calls() == started);
    }

    /** Starts {@link #PLANNINGS} plans and waits until their lookups are done and a planning runs. */
    private static List<CompletionStage<DeliveryPlan>> startPlannings(Pizzeria pizzeria, Downstream downstream) {
        List<CompletionStage<DeliveryPlan>> plans =
                IntStream.range(0, PLANNINGS).mapToObj(i -> pizzeria.planDelivery(ONE_PIZZA)).toList();
        eventually().until(() -> downstream.log().stream()
                .filter(event -> event.service().equals("addresses") && event.is(Kind.SUCCEEDED)).count() == PLANNINGS);
        eventually().until(() -> downstream.routes().running() > 0);
        return plans;
    }
}
