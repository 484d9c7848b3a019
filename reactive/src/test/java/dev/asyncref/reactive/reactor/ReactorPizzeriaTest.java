package dev.asyncref.reactive.reactor;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.BOOK;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.HISTORY;
import static dev.asyncref.domain.Step.QUOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.downstream.TrackingService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * What only Reactor's own {@link Mono} and {@link reactor.core.publisher.Flux} show of {@link ReactorPizzeria};
 * the contract covers the rest.
 */
class ReactorPizzeriaTest {

    // verify() alone would wait forever: the duration turns a hang into a failure and asserts no timing.
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    // Longer than the hang guard: only virtual time can let them pass while the test runs.
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Duration HEDGE_AFTER = Duration.ofMinutes(1);
    private static final Duration BACKOFF = Duration.ofMinutes(1);

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    private final ReactorPizzeria pizzeria = new ReactorPizzeria(downstream);
    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    @AfterEach
    void closeServicesAndRestoreTheClock() {
        downstream.close();
        VirtualTimeScheduler.reset();
    }

    @Test
    void quoteCallsNothingUntilSubscribed() {
        Mono<Quote> quote = pizzeria.quote(ONE_PIZZA);

        assertThat(downstream.log()).isEmpty();
        StepVerifier.create(quote).expectNextCount(1).expectComplete().verify(HANG_GUARD);
        assertThat(downstream.menu().calls()).isEqualTo(1);
    }

    @Test
    void eachSubscriptionCallsTheMenuAgain() {
        Mono<Quote> quote = pizzeria.quote(ONE_PIZZA);
        Quote expected = new Quote(ONE_PIZZA, Menu.priceOf(ONE_PIZZA));

        StepVerifier.create(quote).expectNext(expected).expectComplete().verify(HANG_GUARD);
        StepVerifier.create(quote).expectNext(expected).expectComplete().verify(HANG_GUARD);

        assertThat(downstream.menu().calls()).isEqualTo(2);
    }

    @Test
    void bakeEmitsOneListInTheOrdersOrder() {
        kitchen.hold();

        StepVerifier.create(pizzeria.bake(THREE_PIZZAS))
                .expectSubscription()
                .then(this::ovensFinishTheLastPizzaFirst)
                .expectNextMatches(baked -> baked.stream().map(BakedPizza::pizza).toList()
                        .equals(List.of(MARGHERITA, FUNGHI, DIAVOLA)))
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aFailedBakeSignalsTheStepFailureCausedByTheDownstreamError() {
        kitchen.failWhen(FUNGHI::equals);

        StepVerifier.create(pizzeria.bake(THREE_PIZZAS))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(StepFailedException.class,
                                failed -> assertThat(failed.step()).isEqualTo(BAKE))
                        .hasCauseExactlyInstanceOf(DownstreamException.class))
                .verify(HANG_GUARD);
    }

    @Test
    void cancellingTheSubscriptionCancelsEveryBakeInFlight() {
        kitchen.hold();

        StepVerifier.create(pizzeria.bake(THREE_PIZZAS))
                .expectSubscription()
                .then(() -> eventually().until(() -> kitchen.waiting() == 3))
                .thenCancel()
                .verify(HANG_GUARD);

        eventually().until(() -> kitchen.inFlight() == 0);
        assertThat(kitchen.log())
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.CANCELLED, Kind.CANCELLED, Kind.CANCELLED);
    }

    @Test
    void bakeBatchRefillsAFreeOvenAtOnceAndStillEmitsInTheOrdersOrder() {
        kitchen.hold();

        StepVerifier.create(pizzeria.bakeBatch(THREE_PIZZAS, 2))
                .expectSubscription()
                .then(this::theSecondPizzaFinishesWhileTheFirstStillBakes)
                .expectNextMatches(baked -> baked.stream().map(BakedPizza::pizza).toList()
                        .equals(List.of(MARGHERITA, FUNGHI, DIAVOLA)))
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(kitchen.maxInFlight()).isEqualTo(2);
    }

    @Test
    void anInvalidOrderSignalsTheValidationErrorAndCallsNoService() {
        Order noPizzas = new Order("ada", List.of());
        String verdict = catchThrowable(() -> OrderValidation.requireValid(noPizzas)).getMessage();

        StepVerifier.create(pizzeria.bake(noPizzas))
                .expectErrorMatches(error -> error instanceof InvalidOrderException
                        && error.getMessage().equals(verdict))
                .verify(HANG_GUARD);

        assertThat(downstream.log()).isEmpty();
    }

    @Test
    void aHeldQuoteTimesOutWhenVirtualTimePassesTheTimeoutAndNotBefore() {
        // Built inside the supplier: operators pick their scheduler when built, and withVirtualTime swaps in
        // its virtual clock only while it verifies.
        downstream.menu().hold();

        StepVerifier.withVirtualTime(() -> pizzeria.quoteWithin(ONE_PIZZA, TIMEOUT))
                .expectSubscription()
                .expectNoEvent(TIMEOUT.minusNanos(1))
                .then(() -> assertThat(downstream.menu().inFlight()).as("not before the timeout").isOne())
                .thenAwait(Duration.ofNanos(1))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(TimedOutException.class,
                                timedOut -> assertThat(timedOut.step()).isEqualTo(QUOTE)))
                .verify(HANG_GUARD);

        assertThat(downstream.menu().log())
                .extracting(CallEvent::kind)
                .containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    @Test
    void signalsArriveOnTheDownstreamThreadBecauseNoSchedulerIsInvolved() {
        AtomicReference<String> signalledOn = new AtomicReference<>();

        StepVerifier.create(pizzeria.quote(ONE_PIZZA)
                        .doOnNext(quote -> signalledOn.set(Thread.currentThread().getName())))
                .expectNextCount(1)
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(signalledOn.get()).matches("downstream-\\d+");
    }

    @Test
    void aTimeoutIsSignalledOnTheParallelSchedulerByDefault() {
        AtomicReference<String> signalledOn = new AtomicReference<>();
        downstream.menu().hold();

        // A real timer this time: the thread it fires on is the point.
        StepVerifier.create(pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1))
                        .doOnError(error -> signalledOn.set(Thread.currentThread().getName())))
                .expectError(TimedOutException.class)
                .verify(HANG_GUARD);

        assertThat(signalledOn.get()).matches("parallel-\\d+");
    }

    @Test
    void theHedgeGoesOutWhenVirtualTimeReachesTheDelayAndNotBefore() {
        MenuService menu = downstream.menu();
        menu.hold();

        StepVerifier.withVirtualTime(() -> pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER))
                .expectSubscription()
                .expectNoEvent(HEDGE_AFTER.minusNanos(1))
                .then(() -> assertThat(menu.calls()).as("no hedge before the delay").isOne())
                .thenAwait(Duration.ofNanos(1))
                .then(() -> assertThat(menu.calls()).as("the hedge at the delay").isEqualTo(2))
                .then(() -> eventually().until(() -> menu.releaseCall(2)))
                .expectNextMatches(quote -> quote.order().equals(ONE_PIZZA))
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(menu.log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind)
                .containsExactly(tuple(2L, Kind.SUCCEEDED), tuple(1L, Kind.CANCELLED));
    }

    @Test
    void anAnswerWithinTheDelayCancelsTheHedgesTimerSoNoHedgeEverFollows() {
        MenuService menu = downstream.menu();

        StepVerifier.withVirtualTime(() -> pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER))
                .expectNextMatches(quote -> quote.order().equals(ONE_PIZZA))
                .thenAwait(HEDGE_AFTER.multipliedBy(100))
                .then(() -> assertThat(menu.calls()).as("no hedge, however long after the answer").isOne())
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void withoutJitterEachPauseLastsExactlyItsBackoffInVirtualTime() {
        MenuService menu = downstream.menu();
        menu.failCalls(call -> call <= 2);
        RetryPolicy retries = new RetryPolicy(3, BACKOFF, 0);

        StepVerifier.withVirtualTime(() -> pizzeria.quoteWithRetries(ONE_PIZZA, retries))
                .expectSubscription()
                .then(() -> pauseBegins(1))
                .expectNoEvent(BACKOFF.minusNanos(1))
                .then(() -> clockReads(BACKOFF.minusNanos(1)))
                .then(() -> assertThat(menu.calls()).as("no retry before the first backoff").isOne())
                .thenAwait(Duration.ofNanos(1))
                .then(() -> clockReads(BACKOFF))
                .then(() -> assertThat(menu.calls()).as("retry 1 after the first backoff").isEqualTo(2))
                .then(() -> pauseBegins(2))
                .expectNoEvent(BACKOFF.multipliedBy(2).minusNanos(1))
                .then(() -> clockReads(BACKOFF.multipliedBy(3).minusNanos(1)))
                .then(() -> assertThat(menu.calls()).as("no retry before twice the first backoff").isEqualTo(2))
                .thenAwait(Duration.ofNanos(1))
                .then(() -> clockReads(BACKOFF.multipliedBy(3)))
                .then(() -> assertThat(menu.calls()).as("retry 2 after twice the first backoff").isEqualTo(3))
                .expectNextMatches(quote -> quote.order().equals(ONE_PIZZA))
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void cancellingDuringAPauseLeavesNoRetryOnTheClock() {
        MenuService menu = downstream.menu();
        menu.failCalls(call -> true);
        // Installed here and not by withVirtualTime, which disposes its clock when it ends: this one must
        // outlive the verification, to show that the cancellation left nothing on it.
        VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();

        StepVerifier.create(pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, BACKOFF, 0)))
                .expectSubscription()
                .then(() -> pauseBegins(1))
                .thenCancel()
                .verify(HANG_GUARD);

        clock.advanceTimeBy(BACKOFF.multipliedBy(100));
        assertThat(menu.calls()).as("no attempt after the cancellation, however long the clock runs").isOne();
    }

    @Test
    void theHedgeIsMadeFromTheParallelSchedulersThreadWhereItsDelayEnds() {
        MenuService menu = downstream.menu();
        menu.hold();

        // A real timer this time: the thread it fires on is the point.
        StepVerifier.create(pizzeria.quoteHedged(ONE_PIZZA, Duration.ofMillis(1)))
                .expectSubscription()
                .then(() -> eventually().until(() -> menu.waiting() == 2))
                .then(menu::open)
                .expectNextCount(1)
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(menu.log())
                .filteredOn(event -> event.call() == 2 && event.is(Kind.STARTED))
                .extracting(CallEvent::thread)
                .singleElement().asString().matches("parallel-\\d+");
    }

    @Test
    void theLookupBlocksABoundedElasticThreadAndThePlanningComputesOnTheSharedPlanningPool() {
        StepVerifier.create(pizzeria.planDelivery(ONE_PIZZA)).expectNextCount(1).expectComplete().verify(HANG_GUARD);

        assertThat(startedOn("addresses")).matches("boundedElastic-\\d+");
        assertThat(startedOn("routes")).matches("routes-\\d+");
    }

    @Test
    void aPizzeriaGivenItsOwnPlanningPoolPlansThere() {
        Scheduler planning = Schedulers.newParallel("own-planning", 1);
        try {
            StepVerifier.create(new ReactorPizzeria(downstream, planning).planDelivery(ONE_PIZZA))
                    .expectNextCount(1).expectComplete().verify(HANG_GUARD);
        } finally {
            planning.dispose();
        }

        assertThat(startedOn("routes")).matches("own-planning-\\d+");
    }

    @Test
    void aFailedBookingIsSignalledOnlyOnceTheChargeIsRefundedAndThenTheReservationReleased() {
        downstream.dispatch().failWhen(order -> true);

        StepVerifier.create(pizzeria.placeOrder(ONE_PIZZA, TIMEOUT))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOfSatisfying(StepFailedException.class,
                            failed -> assertThat(failed.step()).isEqualTo(BOOK));
                    assertThat(givingBack()).as("latest first, one at a time, all done when onError arrives")
                            .extracting(CallEvent::service, CallEvent::kind)
                            .containsExactly(
                                    tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                                    tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
                })
                .verify(HANG_GUARD);
    }

    @Test
    void giveBackReturnsWhatAnOrderHoldsLatestFirstOneAtATime() {
        PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).block(HANG_GUARD);

        StepVerifier.create(pizzeria.giveBack(placed)).verifyComplete();

        assertThat(givingBack()).extracting(CallEvent::service, CallEvent::kind).containsExactly(
                tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @Test
    void giveBackGoesOnPastAFailedGiveBackAndReportsItAtTheEnd() {
        PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).block(HANG_GUARD);
        downstream.payments().refunds().failWhen(receipt -> true);

        StepVerifier.create(pizzeria.giveBack(placed))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(DownstreamException.class,
                        failed -> assertThat(failed.service()).isEqualTo("payments.refund")))
                .verify(HANG_GUARD);

        assertThat(givingBack()).extracting(CallEvent::service, CallEvent::kind).containsExactly(
                tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.FAILED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    /**
     * The timers never fire (virtual time, never advanced) while the deadline, the operation's own clock, passes
     * during the held quote: the charge is then due after it. Waiting for the clock here decides nothing: a
     * machine stalled before the quote started would time out the quote instead, by the same branch.
     */
    @Test
    void aStepDueAfterTheDeadlineFailsWithItsTimeoutAndIsNeverCalled() {
        Duration deadline = Duration.ofMillis(50);
        downstream.menu().hold();

        StepVerifier.withVirtualTime(() -> pizzeria.checkoutWithin(ONE_PIZZA, deadline))
                .expectSubscription()
                .then(() -> {
                    Deadline passed = Deadline.in(deadline);
                    eventually().until(passed::hasPassed);
                    downstream.menu().open();
                })
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(TimedOutException.class,
                        late -> assertThat(late.step()).isIn(CHARGE, QUOTE)))
                .verify(HANG_GUARD);
        assertThat(downstream.payments().calls()).as("no call after the deadline").isZero();
    }

    /** R12.5's race at the booking, made certain: the cancel lands after the booking's answer, before the commit. */
    @Test
    void aCancelAsTheBookingAnswersGivesAllOfItBackAndDeliversNothing() {
        HookedClock clock = new HookedClock();
        VirtualTimeScheduler.set(clock);
        downstream.dispatch().hold();
        List<PlacedOrder> delivered = new CopyOnWriteArrayList<>();
        Disposable placing = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).subscribe(delivered::add);
        eventually().until(() -> downstream.dispatch().waiting() == 1);
        // The booking's timer is set on the thread that started the booking, right after it.
        String booking = startedOn("dispatch");
        eventually().until(() -> clock.pendingOn(booking));
        clock.atNextEnd(booking, placing::dispose);

        downstream.dispatch().open();

        eventually().until(() -> givingBack().stream().anyMatch(
                event -> event.service().equals("stock.release") && event.is(Kind.SUCCEEDED)));
        assertThat(delivered).isEmpty();
        assertThat(givingBack()).extracting(CallEvent::service, CallEvent::kind).containsExactly(
                tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @ParameterizedTest(name = "{0} held")
    @ValueSource(strings = {"dispatch.cancel", "payments.refund", "stock.release"})
    void cancellingAGiveBackCancelsItsCallInFlightAndStartsNoOther(String held) {
        PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).block(HANG_GUARD);
        SimulatedService<?, ?> undo = downstream.services().stream()
                .filter(service -> service.name().equals(held)).findFirst().orElseThrow();
        undo.hold();
        Disposable givingBack = pizzeria.giveBack(placed).subscribe();
        eventually().until(() -> undo.waiting() == 1);

        givingBack.dispose();

        eventually().until(() -> downstream.inFlight() == 0);
        assertThat(givingBack()).last().as("the call in flight cancelled, none after it")
                .extracting(CallEvent::service, CallEvent::kind).containsExactly(held, Kind.CANCELLED);
    }

    @Test
    void giveBacksAfterAFailureAreMadeFromTheDownstreamThreadsWithNoSchedulerInvolved() {
        downstream.dispatch().failWhen(order -> true);

        StepVerifier.create(pizzeria.placeOrder(ONE_PIZZA, TIMEOUT))
                .expectError(StepFailedException.class)
                .verify(HANG_GUARD);

        assertThat(givingBack()).filteredOn(event -> event.is(Kind.STARTED))
                .extracting(CallEvent::thread)
                .hasSize(2).allSatisfy(thread -> assertThat(thread).matches("downstream-\\d+"));
    }

    @Test
    void trackPollsOnlyForTheUpdatesRequestedNeverAhead() {
        TrackingService tracking = downstream.tracking();

        StepVerifier.create(pizzeria.track(ONE_PIZZA), 0)
                .expectSubscription()
                .then(() -> assertThat(tracking.calls()).as("no demand, no call").isZero())
                .thenRequest(1)
                .expectNextMatches(update -> update.status().equals("placed"))
                .then(() -> assertThat(tracking.calls()).as("one update wanted, one call").isOne())
                .thenRequest(2)
                .expectNextCount(2)
                .then(() -> assertThat(tracking.calls()).as("three wanted, three calls").isEqualTo(3))
                .thenRequest(Long.MAX_VALUE)
                .expectNextMatches(update -> update.status().equals("delivered"))
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(tracking.calls()).as("four updates and the call that finds the end").isEqualTo(5);
    }

    @Test
    void historyFetchesTheNextPageOnlyWhenTheDemandGoesBeyondThePagesBefore() {
        HistoryService pages = downstream.history();

        StepVerifier.create(pizzeria.history("ada"), 0)
                .expectSubscription()
                .then(() -> assertThat(pages.calls()).as("no demand, no page").isZero())
                .thenRequest(5)
                .expectNextCount(5)
                .then(() -> assertThat(pages.calls()).as("five orders wanted, the first page holds them").isOne())
                .thenRequest(1)
                .expectNextMatches(order -> order.number() == 6)
                .then(() -> assertThat(pages.calls()).as("a sixth wanted, a second page").isEqualTo(2))
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(6)
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(pages.calls()).as("12 orders, 3 pages").isEqualTo(3);
    }

    @Test
    void cancellingWhileALongPollWaitsCancelsItAndPollsNoMore() {
        TrackingService tracking = downstream.tracking();
        tracking.hold();

        StepVerifier.create(pizzeria.track(ONE_PIZZA))
                .then(() -> eventually().until(() -> tracking.releaseCall(1)))
                .expectNextCount(1)
                .then(() -> eventually().until(() -> tracking.waiting() == 1))
                .thenCancel()
                .verify(HANG_GUARD);

        eventually().until(() -> tracking.inFlight() == 0);
        assertThat(tracking.log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind)
                .containsExactly(tuple(1L, Kind.SUCCEEDED), tuple(2L, Kind.CANCELLED));
        assertThat(tracking.calls()).as("a cancelled stream never requests, so never calls again").isEqualTo(2);
    }

    @Test
    void aFailedPageEndsTheHistoryAfterThePagesBeforeWithTheStepFailure() {
        downstream.history().failCalls(call -> call == 2);

        StepVerifier.create(pizzeria.history("ada"))
                .expectNextCount(5)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(StepFailedException.class,
                                failed -> assertThat(failed.step()).isEqualTo(HISTORY))
                        .hasCauseExactlyInstanceOf(DownstreamException.class))
                .verify(HANG_GUARD);
    }

    @Test
    void updatesArriveOnTheDownstreamThreadThatAnsweredTheirCall() {
        List<String> signalledOn = new CopyOnWriteArrayList<>();

        StepVerifier.create(pizzeria.track(ONE_PIZZA)
                        .doOnNext(update -> signalledOn.add(Thread.currentThread().getName())))
                .expectNextCount(4)
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(signalledOn).hasSize(4).allSatisfy(thread -> assertThat(thread).matches("downstream-\\d+"));
    }

    /** Waits until the pause before retry {@code retry} is on the virtual clock, so that time moves on from there. */
    private static void pauseBegins(int retry) {
        eventually().until(() -> VirtualTimeScheduler.get().getScheduledTaskCount() == retry);
    }

    /**
     * Waits until the virtual clock reads {@code elapsed}, and so until every task due by then has run. A pause
     * is scheduled from the downstream thread that delivered the failure, and scheduling runs the clock's
     * queue there: an advance the test makes meanwhile is left to that thread, and made after the test's
     * {@code thenAwait} has returned (a build in five failed so under load, before this wait).
     */
    private static void clockReads(Duration elapsed) {
        eventually().until(() -> VirtualTimeScheduler.get().now(TimeUnit.NANOSECONDS) == elapsed.toNanos());
    }

    /** The thread that the one call to {@code service} started on. */
    private String startedOn(String service) {
        return downstream.log().stream().filter(event -> event.service().equals(service) && event.is(Kind.STARTED))
                .map(CallEvent::thread).reduce((one, another) -> {
                    throw new AssertionError(service + " was called more than once");
                })
                .orElseThrow();
    }

        /** The give-back calls' log, across the undo services, in the order it was recorded. */
    private List<CallEvent> givingBack() {
        return downstream.log().stream().filter(event -> event.service().contains(".")).toList();
    }

    /** Answers DIAVOLA's bake before the others, so that a merge in arrival order would list it first. */
    private void ovensFinishTheLastPizzaFirst() {
        eventually().until(() -> kitchen.waiting() == 3);
        kitchen.release(DIAVOLA::equals);
        eventually().until(() -> kitchen.inFlight() == 2);
        kitchen.open();
    }

    /** Answers FUNGHI's bake while MARGHERITA's is held: DIAVOLA must take the free oven without waiting for it. */
    private void theSecondPizzaFinishesWhileTheFirstStillBakes() {
        eventually().until(() -> kitchen.waiting() == 2);
        kitchen.release(FUNGHI::equals);
        eventually().until(() -> kitchen.waitingRequests().contains(DIAVOLA));
        kitchen.open();
    }
}
