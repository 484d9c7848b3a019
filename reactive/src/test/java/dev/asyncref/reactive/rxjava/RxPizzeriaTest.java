package dev.asyncref.reactive.rxjava;

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
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.context.OperationName;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.downstream.TrackingService;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only RxJava's own {@link Single} and {@link Flowable} show of {@link RxPizzeria}; the contract covers the
 * rest.
 */
class RxPizzeriaTest {

    // await() alone would wait forever: awaitDone turns a hang into a failure and asserts no timing.
    private static final long HANG_GUARD_SECONDS = 10;

    // Longer than the hang guard: only virtual time can let it pass while the test runs.
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    private final MenuService menu = downstream.menu();
    private final RxPizzeria pizzeria = new RxPizzeria(downstream);
    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    @Test
    void quoteCallsNothingUntilSubscribed() {
        Single<Quote> quote = pizzeria.quote(ONE_PIZZA);

        assertThat(downstream.log()).isEmpty();
        quote.test().awaitDone(HANG_GUARD_SECONDS, SECONDS).assertValueCount(1).assertComplete();
        assertThat(downstream.menu().calls()).isEqualTo(1);
    }

    @Test
    void eachSubscriptionCallsTheMenuAgain() {
        Single<Quote> quote = pizzeria.quote(ONE_PIZZA);
        Quote expected = new Quote(ONE_PIZZA, Menu.priceOf(ONE_PIZZA));

        quote.test().awaitDone(HANG_GUARD_SECONDS, SECONDS).assertValue(expected).assertComplete();
        quote.test().awaitDone(HANG_GUARD_SECONDS, SECONDS).assertValue(expected).assertComplete();

        assertThat(downstream.menu().calls()).isEqualTo(2);
    }

    @Test
    void bakeEmitsOneListInTheOrdersOrder() {
        kitchen.hold();

        TestObserver<List<BakedPizza>> baked = pizzeria.bake(THREE_PIZZAS).test();
        ovensFinishTheLastPizzaFirst();

        baked.awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertValue(pizzas -> pizzas.stream().map(BakedPizza::pizza).toList()
                        .equals(List.of(MARGHERITA, FUNGHI, DIAVOLA)))
                .assertComplete();
    }

    @Test
    void aFailedBakeSignalsTheStepFailureCausedByTheDownstreamError() {
        kitchen.failWhen(FUNGHI::equals);

        pizzeria.bake(THREE_PIZZAS).test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertError(error -> error instanceof StepFailedException failed
                        && failed.step() == BAKE
                        && failed.getCause() instanceof DownstreamException);
    }

    @Test
    void disposingTheSubscriptionCancelsEveryBakeInFlight() {
        kitchen.hold();

        TestObserver<List<BakedPizza>> baked = pizzeria.bake(THREE_PIZZAS).test();
        eventually().until(() -> kitchen.waiting() == 3);
        baked.dispose();

        eventually().until(() -> kitchen.inFlight() == 0);
        assertThat(kitchen.log())
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.CANCELLED, Kind.CANCELLED, Kind.CANCELLED);
    }

    @Test
    void bakeBatchRefillsAFreeOvenAtOnceAndStillEmitsInTheOrdersOrder() {
        kitchen.hold();

        TestObserver<List<BakedPizza>> baked = pizzeria.bakeBatch(THREE_PIZZAS, 2).test();
        theSecondPizzaFinishesWhileTheFirstStillBakes();

        baked.awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertValue(pizzas -> pizzas.stream().map(BakedPizza::pizza).toList()
                        .equals(List.of(MARGHERITA, FUNGHI, DIAVOLA)))
                .assertComplete();
        assertThat(kitchen.maxInFlight()).isEqualTo(2);
    }

    @Test
    void anInvalidOrderSignalsTheValidationErrorAndCallsNoService() {
        Order noPizzas = new Order("ada", List.of());
        String verdict = catchThrowable(() -> OrderValidation.requireValid(noPizzas)).getMessage();

        pizzeria.bake(noPizzas).test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertError(error -> error instanceof InvalidOrderException
                        && error.getMessage().equals(verdict));

        assertThat(downstream.log()).isEmpty();
    }

    /**
     * The timers never fire (a TestScheduler's, never advanced) while the deadline, the operation's own clock,
     * passes during the held quote: the charge is then due after it. Waiting for the clock here decides nothing:
     * a machine stalled before the quote started would time out the quote instead, by the same branch.
     */
    @Test
    void aStepDueAfterTheDeadlineFailsWithItsTimeoutAndIsNeverCalled() {
        Duration deadline = Duration.ofMillis(50);
        downstream.menu().hold();
        TestObserver<Receipt> receipt =
                new RxPizzeria(downstream, new TestScheduler()).checkoutWithin(ONE_PIZZA, deadline).test();
        Deadline passed = Deadline.in(deadline);
        eventually().until(passed::hasPassed);

        downstream.menu().open();

        receipt.awaitDone(HANG_GUARD_SECONDS, SECONDS).assertError(error -> error instanceof TimedOutException late
                && (late.step() == CHARGE || late.step() == QUOTE));
        assertThat(downstream.payments().calls()).as("no call after the deadline").isZero();
    }

    @Test
    void aHeldQuoteTimesOutWhenVirtualTimePassesTheTimeoutAndNotBefore() {
        // Timers run on the scheduler the pizzeria is given: a TestScheduler puts them on the test's clock.
        TestScheduler scheduler = new TestScheduler();
        downstream.menu().hold();

        TestObserver<Quote> quote = new RxPizzeria(downstream, scheduler).quoteWithin(ONE_PIZZA, TIMEOUT).test();

        scheduler.advanceTimeBy(TIMEOUT.minusNanos(1).toNanos(), NANOSECONDS);
        quote.assertEmpty();
        assertThat(downstream.menu().inFlight()).as("not before the timeout").isOne();

        scheduler.advanceTimeBy(1, NANOSECONDS);
        quote.assertError(error -> error instanceof TimedOutException timedOut && timedOut.step() == QUOTE);
        assertThat(downstream.menu().log())
                .extracting(CallEvent::kind)
                .containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    @Test
    void signalsArriveOnTheDownstreamThreadBecauseNoSchedulerIsInvolved() {
        AtomicReference<String> signalledOn = new AtomicReference<>();

        pizzeria.quote(ONE_PIZZA)
                .doOnSuccess(quote -> signalledOn.set(Thread.currentThread().getName()))
                .test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertComplete();

        assertThat(signalledOn.get()).matches("downstream-\\d+");
    }

    @Test
    void aTimeoutIsSignalledOnTheComputationSchedulerByDefault() {
        AtomicReference<String> signalledOn = new AtomicReference<>();
        downstream.menu().hold();

        // A real timer this time: the thread it fires on is the point.
        pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1))
                .doOnError(error -> signalledOn.set(Thread.currentThread().getName()))
                .test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertError(TimedOutException.class);

        assertThat(signalledOn.get()).matches("RxComputationThreadPool-\\d+");
    }

    @Test
    void aHedgeGoesOutExactlyAtTheDelayAndNotBefore() {
        TestScheduler clock = new TestScheduler();
        menu.hold();

        TestObserver<Quote> quote = new RxPizzeria(downstream, clock).quoteHedged(ONE_PIZZA, TIMEOUT).test();

        clock.advanceTimeBy(TIMEOUT.minusNanos(1).toNanos(), NANOSECONDS);
        assertThat(menu.calls()).as("no hedge before the delay").isOne();
        clock.advanceTimeBy(1, NANOSECONDS);
        assertThat(menu.calls()).as("the hedge, as the delay ends").isEqualTo(2);
        // Only the hedge answers: opening the gate would let both answer and leave nothing to cancel.
        eventually().until(() -> menu.waiting() == 2);
        menu.releaseCall(2);
        quote.awaitDone(HANG_GUARD_SECONDS, SECONDS).assertValueCount(1).assertComplete();
        assertThat(menu.inFlight()).as("the first request, still held, is cancelled").isZero();
    }

    @Test
    void anAnswerBeforeTheDelaySendsNoHedgeHoweverFarTheClockMoves() {
        TestScheduler clock = new TestScheduler();

        new RxPizzeria(downstream, clock).quoteHedged(ONE_PIZZA, TIMEOUT).test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS).assertValueCount(1).assertComplete();
        clock.advanceTimeBy(1, DAYS);

        assertThat(menu.calls()).as("the hedge's timer ended with the answer").isOne();
    }

    @Test
    void disposingBeforeTheDelaySendsNoHedgeHoweverFarTheClockMoves() {
        TestScheduler clock = new TestScheduler();
        menu.hold();
        TestObserver<Quote> quote = new RxPizzeria(downstream, clock).quoteHedged(ONE_PIZZA, TIMEOUT).test();

        quote.dispose();
        clock.advanceTimeBy(1, DAYS);

        assertThat(menu.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
        quote.assertEmpty();
    }

    @Test
    void eachPauseBetweenAttemptsLastsExactlyItsBackoffWithoutJitter() {
        CountingClock clock = new CountingClock();
        menu.failCalls(call -> true);
        RetryPolicy retries = new RetryPolicy(3, TIMEOUT, 0);
        List<Duration> pauses = List.of(TIMEOUT, TIMEOUT.multipliedBy(2));

        TestObserver<Quote> quote = new RxPizzeria(downstream, clock).quoteWithRetries(ONE_PIZZA, retries).test();

        for (int retry = 1; retry <= pauses.size(); retry++) {
            int attemptsSoFar = retry;
            eventually().until(() -> clock.timersSet() == attemptsSoFar); // the pause after that failure began
            clock.advanceTimeBy(pauses.get(retry - 1).minusNanos(1));
            assertThat(menu.calls()).as("no retry %d before its pause is over", retry).isEqualTo(attemptsSoFar);
            clock.advanceTimeBy(Duration.ofNanos(1));
            assertThat(menu.calls()).as("retry %d as its pause ends", retry).isEqualTo(attemptsSoFar + 1);
        }
        quote.awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertError(error -> error instanceof StepFailedException failed && failed.step() == QUOTE
                        && failed.getSuppressed().length == 2);
    }

    @Test
    void disposingDuringAPauseStartsNoFurtherAttemptHoweverFarTheClockMoves() {
        CountingClock clock = new CountingClock();
        menu.failCalls(call -> true);
        TestObserver<Quote> quote = new RxPizzeria(downstream, clock)
                .quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, TIMEOUT, 0)).test();
        eventually().until(() -> clock.timersSet() == 1);

        quote.dispose();
        clock.advanceTimeBy(Duration.ofDays(1));

        assertThat(menu.calls()).isOne();
        quote.assertEmpty();
    }

    @Test
    void aFailedBookingIsSignalledOnlyOnceTheRefundAndThenTheReleaseAreDone() {
        downstream.dispatch().failWhen(order -> true);
        AtomicReference<List<Tuple>> givenBackBeforeTheError = new AtomicReference<>();

        pizzeria.placeOrder(ONE_PIZZA, TIMEOUT)
                .doOnError(error -> givenBackBeforeTheError.set(givingBack()))
                .test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertError(error -> error instanceof StepFailedException failed && failed.step() == BOOK);

        assertThat(givenBackBeforeTheError.get()).containsExactly(
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @Test
    void disposingDuringTheChargeCancelsItBeforeGivingBackTheReservation() {
        downstream.payments().hold();
        TestObserver<PlacedOrder> placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).test();
        eventually().until(() -> downstream.payments().waiting() == 1);

        placed.dispose();

        eventually().until(() -> hasSucceeded(downstream.stock().releases()));
        assertThat(downstream.log()).filteredOn(event -> !event.service().equals("stock"))
                .extracting(CallEvent::service, CallEvent::kind).containsExactly(
                        tuple("payments", Kind.STARTED), tuple("payments", Kind.CANCELLED),
                        tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
        placed.assertEmpty();
    }

    @Test
    void disposingWhileAFailureIsGivenBackLetsEveryGiveBackFinish() {
        downstream.dispatch().failWhen(order -> true);
        SimulatedService<?, ?> refunds = downstream.payments().refunds();
        refunds.hold();
        TestObserver<PlacedOrder> placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).test();
        eventually().until(() -> refunds.waiting() == 1);

        placed.dispose();
        refunds.open();

        eventually().until(() -> refunds.inFlight() == 0);
        assertThat(refunds.log()).extracting(CallEvent::kind).as("the refund, never cancelled")
                .containsExactly(Kind.STARTED, Kind.SUCCEEDED);
        eventually().until(() -> hasSucceeded(downstream.stock().releases()));
        placed.assertEmpty(); // the failure went to nobody, and not to RxJavaPlugins either (checked after each test)
    }

    @Test
    void giveBackReturnsWhatAnOrderHoldsLatestFirstOneAtATime() {
        PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).blockingGet();

        pizzeria.giveBack(placed).test().awaitDone(HANG_GUARD_SECONDS, SECONDS).assertComplete();

        assertThat(givingBack()).containsExactly(
                tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @Test
    void giveBackGoesOnPastAFailedGiveBackAndReportsItAtTheEnd() {
        PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).blockingGet();
        downstream.payments().refunds().failWhen(receipt -> true);

        pizzeria.giveBack(placed).test().awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertError(error -> error instanceof DownstreamException failed
                        && failed.service().equals("payments.refund"));

        assertThat(givingBack()).containsExactly(
                tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.FAILED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    /** R12.5's race at the booking, made certain: the dispose lands after the booking's answer, before the keep. */
    @Test
    void aDisposeAsTheBookingAnswersGivesAllOfItBackAndDeliversNothing() {
        HookedClock clock = new HookedClock();
        downstream.dispatch().hold();
        TestObserver<PlacedOrder> placed = new RxPizzeria(downstream, clock).placeOrder(ONE_PIZZA, TIMEOUT).test();
        eventually().until(() -> downstream.dispatch().waiting() == 1);
        // The booking's timer is set on the thread that started the booking, right after it.
        String booking = startedOn("dispatch");
        eventually().until(() -> clock.pendingOn(booking));
        clock.atNextEnd(booking, placed::dispose);

        downstream.dispatch().open();

        eventually().until(() -> hasSucceeded(downstream.stock().releases()));
        placed.assertEmpty();
        assertThat(givingBack()).containsExactly(
                tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @ParameterizedTest(name = "{0} held")
    @ValueSource(strings = {"dispatch.cancel", "payments.refund", "stock.release"})
    void disposingAGiveBackCancelsItsCallInFlightAndStartsNoOther(String held) {
        PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, TIMEOUT).blockingGet();
        SimulatedService<?, ?> undo = downstream.services().stream()
                .filter(service -> service.name().equals(held)).findFirst().orElseThrow();
        undo.hold();
        TestObserver<Void> givingBack = pizzeria.giveBack(placed).test();
        eventually().until(() -> undo.waiting() == 1);

        givingBack.dispose();

        eventually().until(() -> downstream.inFlight() == 0);
        assertThat(givingBack()).last().as("the call in flight cancelled, none after it")
                .isEqualTo(tuple(held, Kind.CANCELLED));
    }

    @Test
    void trackingCallsOnlyForUpdatesRequestedAndNotYetReceived() {
        TrackingService tracking = downstream.tracking();

        TestSubscriber<OrderUpdate> updates = pizzeria.track(ONE_PIZZA).test(0);
        assertThat(tracking.calls()).as("no call before a request").isZero();

        updates.requestMore(2).awaitCount(2).assertValueCount(2);
        assertThat(tracking.calls()).as("a call for each update requested").isEqualTo(2);

        updates.requestMore(10).awaitDone(HANG_GUARD_SECONDS, SECONDS).assertValueCount(4).assertComplete();
        assertThat(tracking.calls()).as("and one that finds the end").isEqualTo(5);
    }

    @Test
    void historyFetchesAPageOnlyWhenDemandGoesBeyondTheOrdersAlreadyFetched() {
        HistoryService pages = downstream.history();

        TestSubscriber<PastOrder> history = pizzeria.history("ada").test(0);
        assertThat(pages.calls()).as("no call before a request").isZero();

        history.requestMore(1).awaitCount(1).assertValueCount(1);
        assertThat(pages.calls()).as("one page for one order").isOne();

        history.requestMore(4).awaitCount(5).assertValueCount(5);
        assertThat(pages.calls()).as("the rest of the first page, with no call").isOne();

        history.requestMore(1).awaitCount(6).assertValueCount(6);
        assertThat(pages.calls()).as("the second page, for the sixth order").isEqualTo(2);
    }

    @Test
    void updatesArriveOnTheDownstreamThreadsThatAnsweredTheCalls() {
        Queue<String> signalledOn = new ConcurrentLinkedQueue<>();

        pizzeria.track(ONE_PIZZA)
                .doOnNext(update -> signalledOn.add(Thread.currentThread().getName()))
                .test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertComplete();

        assertThat(signalledOn).hasSize(4).allMatch(thread -> thread.matches("downstream-\\d+"));
    }

    @Test
    void cancellingTrackingCancelsTheCallInFlight() {
        TrackingService tracking = downstream.tracking();
        tracking.hold();
        TestSubscriber<OrderUpdate> updates = pizzeria.track(ONE_PIZZA).test(1);
        eventually().until(() -> tracking.waiting() == 1);

        updates.cancel();

        assertThat(tracking.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
        updates.assertEmpty();
    }

    @Test
    void aFailedPageEndsTheHistoryWithTheStepFailureAfterTheOrdersBefore() {
        downstream.history().failCalls(call -> call == 2);

        pizzeria.history("ada").test()
                .awaitDone(HANG_GUARD_SECONDS, SECONDS)
                .assertValueCount(5)
                .assertError(error -> error instanceof StepFailedException failed && failed.step() == HISTORY
                        && failed.getCause() instanceof DownstreamException);
    }

    @Test
    void concatMapSingleWouldCallBeforeAnyRequestWhateverItsPrefetch() {
        // Why each stream call waits for a request (RxPizzeria.whenRequested): the operator made for a call per
        // item subscribes the first call at once, with a prefetch of 1 as with the default.
        Flowable.just(new TrackingQuery(ONE_PIZZA, 0))
                .concatMapSingle(query -> new RxServices(downstream).next(Request.of(OperationName.TRACK), query), 1)
                .test(0);

        eventually().until(() -> downstream.tracking().calls() == 1);
    }

    /** The give-back calls in the log so far, as (service, kind). */
    private List<Tuple> givingBack() {
        List<String> undoServices = List.of("stock.release", "payments.refund", "dispatch.cancel");
        return downstream.log().stream().filter(event -> undoServices.contains(event.service()))
                .map(event -> tuple(event.service(), event.kind())).toList();
    }

    private String startedOn(String service) {
        return downstream.log().stream().filter(event -> event.service().equals(service) && event.is(Kind.STARTED))
                .map(CallEvent::thread).reduce((one, another) -> {
                    throw new AssertionError(service + " was called more than once");
                })
                .orElseThrow();
    }

    private static boolean hasSucceeded(SimulatedService<?, ?> service) {
        return service.log().stream().anyMatch(event -> event.is(Kind.SUCCEEDED));
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

    /**
     * A {@link TestScheduler} that counts the timers set on it. A retry's pause is set on the downstream
     * thread that delivered the failure: the test waits for it to be set before moving the clock, or the
     * pause would start from the moved clock.
     */
    private static final class CountingClock extends Scheduler {

        private final TestScheduler clock = new TestScheduler();
        private final AtomicInteger timersSet = new AtomicInteger();

        @Override
        public Worker createWorker() {
            return clock.createWorker();
        }

        @Override
        public long now(TimeUnit unit) {
            return clock.now(unit);
        }

        @Override
        public Disposable scheduleDirect(Runnable run, long delay, TimeUnit unit) {
            Disposable timer = clock.scheduleDirect(run, delay, unit);
            timersSet.incrementAndGet();
            return timer;
        }

        int timersSet() {
            return timersSet.get();
        }

        void advanceTimeBy(Duration time) {
            clock.advanceTimeBy(time.toNanos(), NANOSECONDS);
        }
    }
}
