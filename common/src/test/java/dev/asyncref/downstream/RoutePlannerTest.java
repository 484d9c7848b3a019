package dev.asyncref.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.Route;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CPU-bound planner: a real search on the caller's thread, held and stopped like a service call. */
class RoutePlannerTest {

    private final Downstream downstream = Downstream.start();
    private final RoutePlanner routes = downstream.routes();

    @AfterEach
    void closeDownstream() {
        downstream.close();
    }

    @Test
    void plansTheShortestWayAroundTheWallsOnTheCallersThread() throws InterruptedException {
        Address address = downstream.addresses().lookup("ada");

        Route route = routes.plan(address, () -> false);

        assertThat(route.to()).isEqualTo(address);
        assertThat(route.blocks()).isGreaterThanOrEqualTo(address.x() + address.y());
        assertThat(downstream.log()).filteredOn(event -> event.service().equals("routes"))
                .extracting(CallEvent::kind, CallEvent::thread)
                .containsExactly(tuple(CallEvent.Kind.STARTED, Thread.currentThread().getName()),
                        tuple(CallEvent.Kind.SUCCEEDED, Thread.currentThread().getName()));
    }

    @Test
    void aHeldPlanningKeepsComputingUntilOpened() {
        routes.hold();
        CompletableFuture<Route> route =
                CompletableFuture.supplyAsync(() -> routes.plan(new Address("ada", 8, 8), () -> false));
        await().until(() -> routes.running() == 1);

        routes.open();

        assertThat(route.join().blocks()).isEqualTo(16);
        assertThat(routes.running()).isZero();
        assertThat(routes.maxRunning()).isOne();
    }

    @Test
    void aPlanningStopsAtItsNextCheckOnceCancelled() {
        routes.hold();
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Route> route =
                CompletableFuture.supplyAsync(() -> routes.plan(new Address("ada", 8, 8), cancelled::get));
        await().until(() -> routes.running() == 1);

        cancelled.set(true);

        assertThat(route).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingCause().isExactlyInstanceOf(CancellationException.class)
                .withMessage("routes: planning 1 stopped");
        assertThat(downstream.log()).extracting(CallEvent::kind)
                .containsExactly(CallEvent.Kind.STARTED, CallEvent.Kind.CANCELLED);
    }

    @Test
    void closingStopsHeldPlanningsAndRefusesNewOnes() {
        routes.hold();
        CompletableFuture<Route> route =
                CompletableFuture.supplyAsync(() -> routes.plan(new Address("ada", 8, 8), () -> false));
        await().until(() -> routes.running() == 1);

        downstream.close();

        await().until(route::isDone);
        assertThat(route).isCompletedExceptionally();
        assertThatThrownBy(() -> routes.plan(new Address("ada", 8, 8), () -> false))
                .isInstanceOf(IllegalStateException.class).hasMessage("routes is closed");
    }
}
