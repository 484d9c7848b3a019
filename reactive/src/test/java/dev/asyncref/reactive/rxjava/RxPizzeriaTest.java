package dev.asyncref.reactive.rxjava;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.QUOTE;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.KitchenService;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only RxJava's own {@link Single} shows of {@link RxPizzeria}; the contract covers the rest. */
class RxPizzeriaTest {

    // await() alone would wait forever: awaitDone turns a hang into a failure and asserts no timing.
    private static final long HANG_GUARD_SECONDS = 10;

    // Longer than the hang guard: only virtual time can let it pass while the test runs.
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    private final RxPizzeria pizzeria = new RxPizzeria(downstream);

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
