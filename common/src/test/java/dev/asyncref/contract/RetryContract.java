package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * R11: retries with exponential backoff and jitter, {@link Pizzeria#quoteWithRetries}. The menu fails
 * the calls each test names ({@code failCalls}); the pauses between attempts are read from the call log,
 * as lower bounds only.
 */
public interface RetryContract extends PizzeriaUnderTest {

    RetryPolicy THREE_QUICK_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(5), 0.5);

    @Test
    default void r11_1_aFlakyCallIsRetriedUntilItSucceeds(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.failCalls(call -> call <= 2);

        assertThat(resultOf(pizzeria.quoteWithRetries(ONE_PIZZA, THREE_QUICK_ATTEMPTS)).order()).isEqualTo(ONE_PIZZA);

        assertThat(menu.log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind).as("R11.1: two failures, then the answer")
                .containsExactly(tuple(1L, Kind.FAILED), tuple(2L, Kind.FAILED), tuple(3L, Kind.SUCCEEDED));
    }

    @Test
    default void r11_2_theLastFailureSurfacesWithTheEarlierOnesAttached(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().failCalls(call -> true);

        Throwable failure = failureOf(pizzeria.quoteWithRetries(ONE_PIZZA, THREE_QUICK_ATTEMPTS));

        assertThat(failure).isExactlyInstanceOf(StepFailedException.class)
                .hasMessage(
                        "quoteWithRetries: step 'quote' failed after 3 attempts: menu: call 3 unavailable, try again");
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.QUOTE);
        assertThat(failure.getCause()).as("R11.2: the last failure is the cause")
                .isExactlyInstanceOf(DownstreamException.class).hasMessage("menu: call 3 unavailable, try again");
        assertThat(failure.getSuppressed()).as("R11.2: the earlier failures, in the order they happened")
                .extracting(Throwable::getMessage)
                .containsExactly("menu: call 1 unavailable, try again", "menu: call 2 unavailable, try again");
        assertThat(downstream.menu().calls()).as("R11.2: no attempt beyond the policy's").isEqualTo(3);
    }

    /** Pauses are durations: only the clock shows them, as lower bounds between logged events. */
    @Test
    @Stochastic
    default void stochastic_r11_3_eachPauseLastsAtLeastItsGrowingBackoff(Pizzeria pizzeria, Downstream downstream) {
        RetryPolicy retries = new RetryPolicy(4, Periods.SHORT.dividedBy(2), 0.25);
        downstream.menu().failCalls(call -> true);

        failureOf(pizzeria.quoteWithRetries(ONE_PIZZA, retries));

        List<CallEvent> log = downstream.menu().log();
        for (int retry = 1; retry < retries.attempts(); retry++) {
            Duration pause = Duration.ofNanos(startOf(log, retry + 1).nanoTime() - endOf(log, retry).nanoTime());
            assertThat(pause).as("R11.3: the pause before retry %d (at least %s)", retry,
                    retries.minimumBackoffBefore(retry)).isGreaterThanOrEqualTo(retries.minimumBackoffBefore(retry));
        }
    }

    @Test
    default void r11_4_aNonRetryableFailureIsNotRetried(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().failWhen(order -> true, order -> DownstreamException.permanent("menu", "order rejected"));

        Throwable failure = failureOf(pizzeria.quoteWithRetries(ONE_PIZZA, THREE_QUICK_ATTEMPTS));

        assertThat(failure).isExactlyInstanceOf(StepFailedException.class)
                .hasMessage("quoteWithRetries: step 'quote' failed after 1 attempt: menu: order rejected");
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(downstream.menu().calls()).as("R11.4: no retry").isOne();
    }

    /**
     * A service that fails with an exception of its own named like a cancel is still a failure: only the
     * caller's cancel is not (R11.5). A style that tells the two apart by the exception's type, and not by
     * whether its operation was cancelled, delivers a stage that says it was cancelled by nobody.
     */
    @Test
    default void r11_4_aServicesOwnCancellationExceptionIsAFailureNotACancel(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.menu().failWhen(order -> true, order -> new CancellationException("menu: cancelled by the server"));
        CompletionStage<?> quote = pizzeria.quoteWithRetries(ONE_PIZZA, THREE_QUICK_ATTEMPTS);

        Throwable failure = failureOf(quote);

        assertThat(quote.toCompletableFuture()).as("R11.4: nobody cancelled it").isNotCancelled();
        assertThat(failure).isExactlyInstanceOf(StepFailedException.class)
                .hasMessage("quoteWithRetries: step 'quote' failed after 1 attempt: menu: cancelled by the server")
                .cause().isExactlyInstanceOf(CancellationException.class);
        assertThat(downstream.menu().calls()).as("R11.4: not worth retrying").isOne();
    }

    @Test
    default void r11_4_aNonRetryableFailureAfterARetryableOneEndsTheRetries(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.failCalls(call -> call == 1);
        menu.failCalls(call -> call == 2, order -> DownstreamException.permanent("menu", "order rejected"));

        Throwable failure = failureOf(pizzeria.quoteWithRetries(ONE_PIZZA, THREE_QUICK_ATTEMPTS));

        assertThat(failure).hasMessage("quoteWithRetries: step 'quote' failed after 2 attempts: menu: order rejected");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactly("menu: call 1 unavailable, try again");
        assertThat(menu.calls()).as("R11.4: no retry after the non-retryable failure").isEqualTo(2);
    }

    /**
     * "No further attempt" is an absence, watched past twice the pause; the cancel must also come before the
     * pause ends ({@link Periods#GENEROUS}). A backoff timer that survives its cancel and fires later passes
     * falsely.
     */
    @Test
    @Stochastic
    default void stochastic_r11_5_cancellingDuringABackoffStopsEveryFurtherAttempt(
            Pizzeria pizzeria, Downstream downstream) {
        Duration backoff = Periods.GENEROUS;
        MenuService menu = downstream.menu();
        menu.failCalls(call -> true);
        CompletionStage<?> quote = pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, backoff, 0));
        eventually().until(() -> menu.log().stream().anyMatch(event -> event.is(Kind.FAILED)));

        quote.toCompletableFuture().cancel(true);

        assertStaysTrue(backoff.multipliedBy(2), "R11.5: no attempt after the cancellation", () -> menu.calls() == 1);
    }

    @Test
    default void r11_5_cancellingDuringAnAttemptCancelsItAndRetriesNothing(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<?> quote = pizzeria.quoteWithRetries(ONE_PIZZA, THREE_QUICK_ATTEMPTS);
        eventually().until(() -> menu.waiting() == 1);

        quote.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        assertThat(menu.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    /**
     * "Not retried" is an absence: a retry would follow the cancelled attempt after a backoff, so it is watched
     * for {@link Periods#QUIET}, ten times the policy's first pause.
     */
    @Test
    @Stochastic
    default void stochastic_r11_5_aCancelledAttemptIsNotRetried(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        RetryPolicy quickRetries = new RetryPolicy(3, Periods.QUIET.dividedBy(10), 0);
        CompletionStage<?> quote = pizzeria.quoteWithRetries(ONE_PIZZA, quickRetries);
        eventually().until(() -> menu.waiting() == 1);

        quote.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        assertStaysTrue("R11.5: a cancelled attempt is not a failure to retry", () -> menu.calls() == 1);
    }

    @ParameterizedTest(name = "R11.6 {0}")
    @MethodSource("dev.asyncref.contract.RetryContract#invalidPolicies")
    default void r11_6_rejectsAnInvalidPolicyWithoutCallingAnyService(
            String message, RetryPolicy retries, Pizzeria pizzeria, Downstream downstream) {
        assertThat(failureOf(pizzeria.quoteWithRetries(ONE_PIZZA, retries)))
                .isExactlyInstanceOf(InvalidOrderException.class).hasMessage(message);
        assertThat(downstream.log()).as("R11.6: no downstream call").isEmpty();
    }

    static Stream<Arguments> invalidPolicies() {
        Duration ms = Duration.ofMillis(1);
        return Stream.of(
                Arguments.of("retry policy must not be null", null),
                Arguments.of("attempts must be between 1 and 10, got 0", new RetryPolicy(0, ms, 0)),
                Arguments.of("attempts must be between 1 and 10, got 11", new RetryPolicy(11, ms, 0)),
                Arguments.of("first backoff must be positive and at most 1 minute, got null",
                        new RetryPolicy(3, null, 0)),
                Arguments.of("first backoff must be positive and at most 1 minute, got PT0S",
                        new RetryPolicy(3, Duration.ZERO, 0)),
                Arguments.of("first backoff must be positive and at most 1 minute, got PT1M0.001S",
                        new RetryPolicy(3, Duration.ofMinutes(1).plus(ms), 0)),
                Arguments.of("jitter must be at least 0 and below 1, got -0.1", new RetryPolicy(3, ms, -0.1)),
                Arguments.of("jitter must be at least 0 and below 1, got 1.0", new RetryPolicy(3, ms, 1)),
                Arguments.of("jitter must be at least 0 and below 1, got NaN", new RetryPolicy(3, ms, Double.NaN)));
    }

    private static CallEvent startOf(List<CallEvent> log, long call) {
        return log.stream().filter(event -> event.call() == call && event.is(Kind.STARTED)).findFirst().orElseThrow();
    }

    private static CallEvent endOf(List<CallEvent> log, long call) {
        return log.stream().filter(event -> event.call() == call && !event.is(Kind.STARTED)).findFirst().orElseThrow();
    }
}
