package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.outcomeOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R9: timeouts, {@link Pizzeria#quoteWithin}, {@link Pizzeria#checkoutWithin} and
 * {@link Pizzeria#findCourierWithin}. Timeouts fire against held answers, so no answer can race them, except
 * in R9.8, which races them on purpose; timing is asserted only as a lower bound, from the call log, in the
 * {@link Stochastic} tests.
 */
public interface TimeoutContract extends PizzeriaUnderTest {

    Duration SHORT = Periods.SHORT;
    Duration NEVER_REACHED = Duration.ofSeconds(10);
    /** A timeout equal to the services' latency, so that each failure and its timeout arrive together. */
    Duration RACING_THE_TIMEOUT = Duration.ofMillis(1);
    int RACES = 200;

    @Test
    default void r9_1_aCallSlowerThanItsTimeoutFailsWithTheStepsTimeoutAndIsCancelled(
            Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().hold();

        Delivery<Delivery.Services> delivery = Delivery.watch(pizzeria.quoteWithin(ONE_PIZZA, SHORT), downstream);

        assertTimedOut(delivery.failure(), Step.QUOTE, SHORT);
        assertThat(delivery.seen().inFlight()).as("R9.1: cancelled before the timeout is delivered").isZero();
        assertThat(kinds(delivery.seen().log(), "menu")).containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    /**
     * R9.1's "no earlier than the timeout": a lower bound on a timer, which only the clock can show. A timeout
     * fired early fails this unless the machine stalls the caller for most of {@link #SHORT}.
     */
    @Test
    @Stochastic
    default void stochastic_r9_1_theTimeoutFiresNoEarlierThanItsLimit(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().hold();
        long started = System.nanoTime();

        assertTimedOut(failureOf(pizzeria.quoteWithin(ONE_PIZZA, SHORT)), Step.QUOTE, SHORT);

        assertThat(lastEventSince(started, downstream)).as("R9.1: not before the timeout")
                .isGreaterThanOrEqualTo(SHORT);
    }

    @Test
    default void r9_2_aCallWithinItsTimeoutDeliversItsAnswer(Pizzeria pizzeria, Downstream downstream) {
        assertThat(resultOf(pizzeria.quoteWithin(ONE_PIZZA, NEVER_REACHED)).order()).isEqualTo(ONE_PIZZA);
        assertThat(kinds(downstream.menu())).containsExactly(Kind.STARTED, Kind.SUCCEEDED);
    }

    @Test
    default void r9_2_stepsWithinTheirDeadlineDeliverTheReceipt(Pizzeria pizzeria, Downstream downstream) {
        Receipt receipt = resultOf(pizzeria.checkoutWithin(ONE_PIZZA, NEVER_REACHED));

        assertThat(receipt.customer()).isEqualTo(ONE_PIZZA.customer());
        assertThat(receipt.amount()).as("R9.2: the charge's receipt, for the quoted total")
                .isEqualTo(Menu.priceOf(ONE_PIZZA));
        assertThat(downstream.log()).extracting(CallEvent::service, CallEvent::kind).as("R9.2: both steps answered")
                .containsExactly(tuple("menu", Kind.STARTED), tuple("menu", Kind.SUCCEEDED),
                        tuple("payments", Kind.STARTED), tuple("payments", Kind.SUCCEEDED));
    }

    /** Each step of each operation with a time limit, failing in time: the menu's quote, or the charge after it. */
    @ParameterizedTest(name = "R9.2 {0}: {1} fails")
    @CsvSource({"quoteWithin, menu, QUOTE", "checkoutWithin, menu, QUOTE", "checkoutWithin, payments, CHARGE"})
    default void r9_2_aStepFailingWithinItsTimeLimitFailsWithItsOwnFailure(String operation, String service,
            Step step, Pizzeria pizzeria, Downstream downstream) {
        SimulatedService<?, ?> failing = service.equals("menu") ? downstream.menu() : downstream.payments();
        failing.failCalls(call -> true);

        Throwable failure = failureOf(operation.equals("quoteWithin")
                ? pizzeria.quoteWithin(ONE_PIZZA, NEVER_REACHED)
                : pizzeria.checkoutWithin(ONE_PIZZA, NEVER_REACHED));

        assertThat(failure).as("R9.2: a timely failure is the step's own (R4.1)")
                .isExactlyInstanceOf(StepFailedException.class).hasCauseExactlyInstanceOf(DownstreamException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(step);
        assertThat(kinds(failing)).containsExactly(Kind.STARTED, Kind.FAILED);
        assertThat(downstream.log()).extracting(CallEvent::service).as("R9.2: no step after the failed one")
                .containsOnly("menu", service);
    }

    /**
     * The deadline must outlast the unheld quote, so that the charge is the step in progress: a machine that
     * stalls the quote for longer than {@link Periods#GENEROUS} fails this, and R9.3's "no earlier than the
     * deadline" is a lower bound on a timer, which only the clock can show.
     */
    @Test
    @Stochastic
    default void stochastic_r9_3_theDeadlineCoversBothStepsAndNamesTheOneInProgress(
            Pizzeria pizzeria, Downstream downstream) {
        Duration deadline = Periods.GENEROUS;
        downstream.payments().hold();
        long started = System.nanoTime();

        Delivery<Delivery.Services> delivery = Delivery.watch(pizzeria.checkoutWithin(ONE_PIZZA, deadline), downstream);

        assertTimedOut(delivery.failure(), Step.CHARGE, deadline);
        assertThat(kinds(delivery.seen().log(), "menu")).containsExactly(Kind.STARTED, Kind.SUCCEEDED);
        assertThat(kinds(delivery.seen().log(), "payments")).as("R9.3: the charge in progress was cancelled")
                .containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(lastEventSince(started, downstream)).as("R9.3: not before the deadline")
                .isGreaterThanOrEqualTo(deadline);
    }

    /**
     * A nanosecond has passed by the time the first step is due, on any clock this runs on: the operation finds
     * its deadline spent before it calls anything. Were the clock not to tick in between, the first call would
     * start and time out at once, with the same outcome.
     */
    @ParameterizedTest(name = "R9.9 {0}")
    @ValueSource(strings = {"checkoutWithin", "placeOrder"})
    default void r9_9_aDeadlineSpentBeforeTheFirstStepFailsWithThatStepsTimeout(String operation, Pizzeria pizzeria,
            Downstream downstream) {
        Duration spent = Duration.ofNanos(1);
        CompletionStage<?> stage = operation.equals("placeOrder")
                ? pizzeria.placeOrder(ONE_PIZZA, spent) : pizzeria.checkoutWithin(ONE_PIZZA, spent);

        Throwable failure = failureOf(stage);

        assertThat(failure).as("R9.9").isExactlyInstanceOf(TimedOutException.class);
        assertThat(((TimedOutException) failure).step())
                .isEqualTo(operation.equals("placeOrder") ? Step.RESERVE : Step.QUOTE);
        assertThat(downstream.log()).as("R9.9: nothing answered, nothing to give back")
                .extracting(CallEvent::kind).doesNotContain(Kind.SUCCEEDED);
    }

    @Test
    default void r9_4_aDeadlinePassingDuringTheFirstStepStartsNoOther(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().hold();

        Throwable failure = failureOf(pizzeria.checkoutWithin(ONE_PIZZA, SHORT));

        assertTimedOut(failure, Step.QUOTE, SHORT);
        // On a loaded machine the deadline may pass before the quote is even called: then nothing is.
        assertThat(kinds(downstream.menu())).isIn(List.of(Kind.STARTED, Kind.CANCELLED), List.of());
        assertThat(downstream.payments().calls()).as("R9.4: no step after the deadline").isZero();
    }

    @Test
    default void r9_5_theFallbackStandsInForLateCouriersWhoseCallsAreCancelled(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.couriers().forEach(CourierService::hold);

        Delivery<Delivery.Services> delivery =
                Delivery.watch(pizzeria.findCourierWithin(ONE_PIZZA, SHORT), downstream);

        assertThat(delivery.outcome()).as("R9.5: the fallback, not a failure").isEqualTo(CourierOffer.OWN_DRIVER);
        assertThat(delivery.seen().inFlight()).as("R9.5: the late calls are cancelled before the fallback is delivered")
                .isZero();
        // Every courier call that started was cancelled; under load a fork may be stopped before it calls at all.
        assertThat(delivery.seen().log()).filteredOn(event -> !event.is(Kind.STARTED)).extracting(CallEvent::kind)
                .isNotEmpty().containsOnly(Kind.CANCELLED);
    }

    @Test
    default void r9_5_couriersThatAllFailInTimeFailTheRaceInsteadOfTheFallback(
            Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(courier -> courier.failWhen(order -> true));

        Throwable failure = failureOf(pizzeria.findCourierWithin(ONE_PIZZA, NEVER_REACHED));

        assertThat(failure).as("R9.5: the race's failure (R7.4), not the fallback")
                .isExactlyInstanceOf(StepFailedException.class)
                .hasMessageEndingWith("step 'find courier' failed: all 3 alternatives failed");
        assertThat(failure.getSuppressed()).hasSize(3);
    }

    @Test
    default void r9_6_aCourierOfferingInTimeBeatsTheFallback(Pizzeria pizzeria, Downstream downstream) {
        downstream.couriers().forEach(CourierService::hold);

        var offer = pizzeria.findCourierWithin(ONE_PIZZA, NEVER_REACHED);
        eventually().until(() -> downstream.couriers().stream().allMatch(courier -> courier.waiting() == 1));
        downstream.courier("van").open();

        assertThat(resultOf(offer).courier()).isEqualTo("van");
    }

    @ParameterizedTest(name = "R9.7 timeout = {0}")
    @NullSource
    @ValueSource(strings = {"PT0S", "PT-1S"})
    default void r9_7_rejectsATimeoutThatIsNotPositiveWithoutCallingAnyService(
            Duration timeout, Pizzeria pizzeria, Downstream downstream) {
        String message = "timeout must be positive, got " + timeout;

        for (var stage : List.of(pizzeria.quoteWithin(ONE_PIZZA, timeout), pizzeria.checkoutWithin(ONE_PIZZA, timeout),
                pizzeria.findCourierWithin(ONE_PIZZA, timeout), pizzeria.placeOrder(ONE_PIZZA, timeout))) {
            assertThat(failureOf(stage)).isExactlyInstanceOf(InvalidOrderException.class).hasMessage(message);
        }
        assertThat(downstream.log()).as("R9.7: no downstream call").isEmpty();
    }

    /**
     * A failure and a timeout that arrive together can only be made likely, not certain: both are timed by the
     * clock ({@link #RACING_THE_TIMEOUT}), on different threads, {@link #RACES} times. A style that mishandles
     * the meeting passes whenever the two never met closely enough.
     */
    @ParameterizedTest(name = "R9.8 {0}")
    @ValueSource(strings = {"quoteWithin", "checkoutWithin", "findCourierWithin"})
    @Stochastic
    default void stochastic_r9_8_aFailureArrivingAsTheTimeoutFiresEndsTheOperationOnceWithOneOfThem(
            String operation, Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().latency(RACING_THE_TIMEOUT).failWhen(order -> true);
        downstream.couriers().forEach(courier -> courier.latency(RACING_THE_TIMEOUT).failWhen(order -> true));

        for (int order = 1; order <= RACES; order++) {
            CompletionStage<?> stage = switch (operation) {
                case "quoteWithin" -> pizzeria.quoteWithin(ONE_PIZZA, RACING_THE_TIMEOUT);
                case "checkoutWithin" -> pizzeria.checkoutWithin(ONE_PIZZA, RACING_THE_TIMEOUT);
                default -> pizzeria.findCourierWithin(ONE_PIZZA, RACING_THE_TIMEOUT);
            };

            assertThat(outcomeOf(stage)).as("R9.8: order %d ends with the failure, the timeout or the fallback", order)
                    .satisfiesAnyOf(
                            failed -> assertThat(failed).isExactlyInstanceOf(StepFailedException.class),
                            timedOut -> assertThat(timedOut).isExactlyInstanceOf(TimedOutException.class),
                            fallback -> assertThat(fallback).isEqualTo(CourierOffer.OWN_DRIVER));
        }
    }

    private static void assertTimedOut(Throwable failure, Step step, Duration limit) {
        assertThat(failure).as("R9: the domain timeout, not the library's")
                .isExactlyInstanceOf(TimedOutException.class)
                .hasMessageEndingWith(": step '" + step + "' timed out after " + limit.toMillis() + " ms");
        assertThat(((TimedOutException) failure).step()).isEqualTo(step);
    }

    private static List<Kind> kinds(SimulatedService<?, ?> service) {
        return kinds(service.log(), service.name());
    }

    private static List<Kind> kinds(List<CallEvent> log, String service) {
        return log.stream().filter(event -> event.service().equals(service)).map(CallEvent::kind).toList();
    }

    /**
     * From just before the operation was called to the last event logged (the cancellation): a lower bound
     * that holds wherever a style arms its timer, before or after it starts the call.
     */
    private static Duration lastEventSince(long startedNanos, Downstream downstream) {
        return Duration.ofNanos(downstream.log().getLast().nanoTime() - startedNanos);
    }
}
