package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertPending;
import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R10: hedging, {@link Pizzeria#quoteHedged}. The first request is menu call 1 and the hedge is call 2;
 * the gate releases them one by one, so each test decides which answers first.
 */
public interface HedgingContract extends PizzeriaUnderTest {

    Duration HEDGE_AFTER = Periods.SHORT;
    /** Long enough that an unheld menu call answers well before it, even on a loaded machine. */
    Duration GENEROUS = Periods.GENEROUS;

    /**
     * "Within the delay" and "never, not even after the answer" are about the clock: the unheld answer must beat
     * {@link #GENEROUS}, and the absence of a hedge is watched until twice that has passed. A hedge timer that
     * outlives the answer but fires later than that passes falsely.
     */
    @Test
    @Stochastic
    default void stochastic_r10_1_aFirstAnswerWithinTheDelayWinsAndNoHedgeIsEverSent(
            Pizzeria pizzeria, Downstream downstream) {
        long started = System.nanoTime();

        Quote quote = resultOf(pizzeria.quoteHedged(ONE_PIZZA, GENEROUS));

        assertThat(quote.order()).isEqualTo(ONE_PIZZA);
        assertThat(downstream.menu().calls()).as("R10.1: answered in time, so no hedge").isOne();
        assertStaysTrue(untilTwice(GENEROUS, started), "R10.1: no hedge after the answer either",
                () -> downstream.menu().calls() == 1);
    }

    @Test
    default void r10_2_aFirstRequestUnansweredAtTheDelayGetsAHedge(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();

        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER);

        eventually().until(() -> menu.waiting() == 2);
        assertPending(quote, "R10.2: no answer yet");
        assertThat(menu.log()).extracting(CallEvent::call, CallEvent::request).as("R10.2: the same request again")
                .containsExactly(tuple(1L, ONE_PIZZA), tuple(2L, ONE_PIZZA));
        menu.open();
        resultOf(quote);
    }

    /** R10.2's "never earlier": a lower bound on a timer, which only the clock can show. */
    @Test
    @Stochastic
    default void stochastic_r10_2_theHedgeWaitsForTheDelay(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        long started = System.nanoTime();

        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER);

        eventually().until(() -> menu.waiting() == 2);
        CallEvent hedge = menu.log().stream().filter(event -> event.call() == 2).findFirst().orElseThrow();
        assertThat(Duration.ofNanos(hedge.nanoTime() - started)).as("R10.2: the hedge waits for the delay")
                .isGreaterThanOrEqualTo(HEDGE_AFTER);
        menu.open();
        resultOf(quote);
    }

    @Test
    default void r10_3_theHedgeAnsweringFirstWinsAndTheFirstRequestIsCancelled(Pizzeria pizzeria,
            Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER);
        eventually().until(() -> menu.waiting() == 2);

        Delivery<Delivery.Services> delivery = Delivery.watch(quote, downstream);
        menu.releaseCall(2);

        assertThat(delivery.outcome()).isEqualTo(new Quote(ONE_PIZZA, Menu.priceOf(ONE_PIZZA)));
        assertThat(delivery.seen().inFlight())
                .as("R10.3: the other request is cancelled before the answer is delivered").isZero();
        assertThat(delivery.seen().log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind)
                .containsExactlyInAnyOrder(tuple(2L, Kind.SUCCEEDED), tuple(1L, Kind.CANCELLED));
    }

    @Test
    default void r10_3_theFirstRequestAnsweringAfterTheHedgeWentOutStillWins(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER);
        eventually().until(() -> menu.waiting() == 2);

        Delivery<Delivery.Services> delivery = Delivery.watch(quote, downstream);
        menu.releaseCall(1);

        assertThat(delivery.outcome()).isEqualTo(new Quote(ONE_PIZZA, Menu.priceOf(ONE_PIZZA)));
        assertThat(delivery.seen().inFlight()).as("R10.3: the hedge is cancelled before the answer is delivered")
                .isZero();
        assertThat(delivery.seen().log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind)
                .containsExactlyInAnyOrder(tuple(1L, Kind.SUCCEEDED), tuple(2L, Kind.CANCELLED));
    }

    @Test
    default void r10_4_aFailedRequestIsALossAndTheOtherAnswerWins(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        menu.failCalls(call -> call == 1);
        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER);
        eventually().until(() -> menu.waiting() == 2);

        menu.releaseCall(1);
        eventually().until(() -> menu.log().stream().anyMatch(event -> event.is(Kind.FAILED)));
        menu.releaseCall(2);

        assertThat(resultOf(quote).order()).as("R10.4: the failure is a loss, the hedge's answer wins")
                .isEqualTo(ONE_PIZZA);
    }

    @Test
    default void r10_4_whenBothRequestsFailTheStepFailsWithBothFailures(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().failCalls(call -> true);

        Throwable failure = failureOf(pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER));

        assertThat(failure).isExactlyInstanceOf(StepFailedException.class)
                .hasMessage("quoteHedged: step 'quote' failed: all 2 alternatives failed").hasNoCause();
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.QUOTE);
        assertThat(failure.getSuppressed()).as("R10.4: both failures, each its own")
                .extracting(Throwable::getClass, Throwable::getMessage)
                .containsExactlyInAnyOrder(
                        tuple(DownstreamException.class, "menu: call 1 unavailable, try again"),
                        tuple(DownstreamException.class, "menu: call 2 unavailable, try again"));
    }

    @Test
    default void r10_5_cancellingAfterTheHedgeCancelsBothRequests(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, HEDGE_AFTER);
        eventually().until(() -> menu.waiting() == 2);

        quote.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        assertThat(menu.log()).filteredOn(event -> !event.is(Kind.STARTED)).extracting(CallEvent::kind)
                .as("R10.5: both requests cancelled").containsExactly(Kind.CANCELLED, Kind.CANCELLED);
    }

    /**
     * "Before the delay" and "no hedge" are about the clock: the cancel must come before {@link #GENEROUS} has
     * passed, and the absence of a hedge is watched until twice that. A hedge timer that survives its cancel but
     * fires later than that passes falsely.
     */
    @Test
    @Stochastic
    default void stochastic_r10_5_cancellingBeforeTheDelaySendsNoHedge(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        long started = System.nanoTime();
        CompletionStage<Quote> quote = pizzeria.quoteHedged(ONE_PIZZA, GENEROUS);
        eventually().until(() -> menu.waiting() == 1);
        assertThat(menu.calls()).as("the test cancels before the delay").isOne();

        quote.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        assertStaysTrue(untilTwice(GENEROUS, started), "R10.5: no hedge after the cancellation",
                () -> menu.calls() == 1);
        assertThat(menu.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    @ParameterizedTest(name = "R10.6 hedge delay = {0}")
    @NullSource
    @ValueSource(strings = {"PT0S", "PT-1S"})
    default void r10_6_rejectsAHedgeDelayThatIsNotPositiveWithoutCallingAnyService(
            Duration hedgeAfter, Pizzeria pizzeria, Downstream downstream) {
        assertThat(failureOf(pizzeria.quoteHedged(ONE_PIZZA, hedgeAfter)))
                .isExactlyInstanceOf(InvalidOrderException.class)
                .hasMessage("hedge delay must be positive, got " + hedgeAfter);
        assertThat(downstream.log()).as("R10.6: no downstream call").isEmpty();
    }

    /** What is left of twice {@code delay} since {@code startedNanos}: past the moment a hedge would go out. */
    private static Duration untilTwice(Duration delay, long startedNanos) {
        Duration left = delay.multipliedBy(2).minusNanos(System.nanoTime() - startedNanos);
        return left.isPositive() ? left : Duration.ofMillis(1);
    }
}
