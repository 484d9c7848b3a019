package dev.asyncref.reactive.rxjava;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.downstream.AddressBook;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.RoutePlanner;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which of RxJava's threads {@link RxPizzeria#planDelivery} blocks and computes on, and what a dispose reaches. */
class RxPlanDeliveryTest {

    private static final long HANG_GUARD_SECONDS = 10;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final Downstream downstream = Downstream.start();
    private final AddressBook addresses = downstream.addresses();
    private final RoutePlanner routes = downstream.routes();
    private final RxPizzeria pizzeria = new RxPizzeria(downstream);
    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    @Test
    void theLookupBlocksAnIoThreadAndThePlanningComputesOnAPlanningThreadWhichSignalsThePlan() {
        AtomicReference<String> signalledOn = new AtomicReference<>();

        pizzeria.planDelivery(ONE_PIZZA)
                .doOnSuccess(plan -> signalledOn.set(Thread.currentThread().getName()))
                .test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertComplete();

        assertThat(startedOn("addresses")).as("Schedulers.io()").matches("RxCachedThreadScheduler-\\d+");
        assertThat(startedOn("routes")).as("the planning pool").matches("rx-planning-\\d+");
        assertThat(signalledOn.get()).matches("rx-planning-\\d+");
    }

    @Test
    void rxJavasComputationThreadsStayFreeWhilePlanningsHoldEveryPlanningThread() {
        routes.hold();
        List<TestObserver<DeliveryPlan>> plans =
                IntStream.range(0, 2 * CORES).mapToObj(i -> pizzeria.planDelivery(ONE_PIZZA).test()).toList();
        eventually().until(() -> routes.running() == CORES);

        // Completable.timer's default scheduler is computation, the one RxJava's CPU-bound work defaults to.
        Completable.timer(1, MILLISECONDS).test().awaitDone(HANG_GUARD_SECONDS, SECONDS).assertComplete();
        assertThat(routes.running()).as("the plannings still compute").isEqualTo(CORES);

        plans.forEach(TestObserver::dispose);
        eventually().until(() -> routes.running() == 0);
    }

    @Test
    void disposingDuringTheLookupInterruptsItsThreadAndLeavesNothingForRxJavaPlugins()
            throws InterruptedException, ExecutionException {
        // Threads of our own, the lookup's interrupting like Schedulers.io(): a task queued behind the lookup shows
        // that it is over.
        ExecutorService lookups = Executors.newSingleThreadExecutor();
        ExecutorService plannings = Executors.newSingleThreadExecutor();
        try {
            RxPizzeria blockingOnOneThread = new RxPizzeria(downstream, Schedulers.computation(),
                    Schedulers.from(lookups, true), Schedulers.from(plannings));
            addresses.hold();
            TestObserver<DeliveryPlan> plan = blockingOnOneThread.planDelivery(ONE_PIZZA).test();
            eventually().until(() -> addresses.waiting() == 1);

            plan.dispose();
            lookups.submit(() -> { }).get();

            assertThat(addresses.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
            assertThat(routes.calls()).as("no planning after a cancelled lookup").isZero();
            plan.assertEmpty(); // and its InterruptedException reached nobody, RxJavaPlugins included (after each test)
        } finally {
            lookups.shutdown();
            plannings.shutdown();
        }
    }

    /** The thread the first call of {@code service} started on. */
    private String startedOn(String service) {
        return downstream.log().stream().filter(event -> event.service().equals(service) && event.is(Kind.STARTED))
                .findFirst().orElseThrow().thread();
    }
}
