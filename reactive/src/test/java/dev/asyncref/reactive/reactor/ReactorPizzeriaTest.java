package dev.asyncref.reactive.reactor;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.QUOTE;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What only Reactor's own {@link Mono} shows of {@link ReactorPizzeria}; the contract covers the rest. */
class ReactorPizzeriaTest {

    // verify() alone would wait forever: the duration turns a hang into a failure and asserts no timing.
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    // Longer than the hang guard: only virtual time can let it pass while the test runs.
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    private final ReactorPizzeria pizzeria = new ReactorPizzeria(downstream);

    @AfterEach
    void closeServices() {
        downstream.close();
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
