package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.workload.Pizzeria;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
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

    /**
     * "No more than" is an absence: a style without a limit starts the extra plannings a moment after their
     * lookups, on threads of its own, so the count is watched for {@link Periods#QUIET} while every planning is
     * held. One whose extra plannings start later than that passes falsely.
     */
    @Test
    @Stochastic
    default void stochastic_r19_1_noMorePlanningsRunAtOnceThanThereAreCores(Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();

        List<CompletionStage<DeliveryPlan>> plans = startPlannings(pizzeria, downstream);
        assertStaysTrue("R19.1: at most one planning per core",
                () -> routes.running() <= CORES);
        routes.open();
        plans.forEach(Outcomes::resultOf);

        assertThat(routes.maxRunning()).as("R19.1").isBetween(1, CORES);
        assertThat(downstream.log().stream()
                        .filter(event -> event.service().equals("routes") && event.is(Kind.STARTED)))
                .as("R19.1: never on a downstream thread (the services' event loop)")
                .allSatisfy(event -> assertThat(event.thread()).doesNotMatch("downstream-\\d+"));
    }

    @Test
    default void r19_2_timersStillFireWhileEveryPlanningCoreIsBusy(Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();
        List<CompletionStage<DeliveryPlan>> plans = startPlannings(pizzeria, downstream);
        downstream.menu().hold();

        Throwable timeout = failureOf(pizzeria.quoteWithin(ONE_PIZZA, Periods.SHORT));
        // Counted from here: the timed-out quote may have been cancelled before it even made its call.
        long callsBefore = downstream.menu().calls();
        CompletionStage<?> hedged = pizzeria.quoteHedged(ONE_PIZZA, Periods.SHORT);
        eventually().until(() -> downstream.menu().calls() == callsBefore + 2);

        assertThat(timeout).as("R19.2: a timeout fired").isExactlyInstanceOf(TimedOutException.class);
        assertThat(routes.running()).as("R19.2: ... and a hedge went out, while the plannings still ran").isPositive();
        assertThat(downstream.log()).as("R19.2: no planning had ended")
                .noneMatch(event -> event.service().equals("routes") && !event.is(Kind.STARTED));
        downstream.menu().open();
        resultOf(hedged);
        routes.open();
        plans.forEach(Outcomes::resultOf);
    }

    @Test
    default void r19_5_aFailedPlanningFailsTheOperationWithItsStep(Pizzeria pizzeria, Downstream downstream) {
        downstream.routes().failWhen(address -> true);

        Throwable failure = failureOf(pizzeria.planDelivery(ONE_PIZZA));

        assertThat(failure).as("R19.5").isExactlyInstanceOf(StepFailedException.class)
                .cause().isExactlyInstanceOf(IllegalStateException.class).hasMessageStartingWith("routes: no road");
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.ROUTE);
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

    /**
     * "Never starts" is an absence: a planning that ignores its cancel starts once a core is free, a moment after
     * the cancels, so the starts are watched for {@link Periods#QUIET}.
     */
    @Test
    @Stochastic
    default void stochastic_r19_4_aPlanningStillWaitingForACoreNeverStartsOnceCancelled(
            Pizzeria pizzeria, Downstream downstream) {
        RoutePlanner routes = downstream.routes();
        routes.hold();
        List<CompletionStage<DeliveryPlan>> plans = startPlannings(pizzeria, downstream);
        assertStaysTrue("the pool is full", () -> routes.running() <= CORES);
        long started = routes.calls();
        Set<String> computing = downstream.log().stream()
                .filter(event -> event.service().equals("routes") && event.is(Kind.STARTED))
                .map(event -> ((Address) event.request()).customer())
                .collect(Collectors.toSet());

        // The waiting ones first, while every core is busy: a computing planning, once cancelled, frees its core
        // for the next one in line, which may rightly start before its own cancel is sent.
        IntStream.range(0, PLANNINGS).filter(i -> !computing.contains(planningFor(i).customer()))
                .forEach(i -> plans.get(i).toCompletableFuture().cancel(true));
        IntStream.range(0, PLANNINGS).filter(i -> computing.contains(planningFor(i).customer()))
                .forEach(i -> plans.get(i).toCompletableFuture().cancel(true));

        eventually().until(() -> routes.running() == 0);
        assertStaysTrue("R19.4: no planning starts after its cancel",
                () -> routes.calls() == started);
    }

    /**
     * Starts {@link #PLANNINGS} plans, the i-th for {@link #planningFor}(i), and waits until their lookups are
     * done and a planning runs.
     */
    private static List<CompletionStage<DeliveryPlan>> startPlannings(Pizzeria pizzeria, Downstream downstream) {
        List<CompletionStage<DeliveryPlan>> plans =
                IntStream.range(0, PLANNINGS).mapToObj(i -> pizzeria.planDelivery(planningFor(i))).toList();
        eventually().until(() -> downstream.log().stream()
                .filter(event -> event.service().equals("addresses") && event.is(Kind.SUCCEEDED)).count() == PLANNINGS);
        eventually().until(() -> downstream.routes().running() > 0);
        return plans;
    }

    /** An order of a customer of its own, so that the call log tells which planning started. */
    private static Order planningFor(int i) {
        return Order.of("customer-" + i, TestOrders.MARGHERITA);
    }
}
