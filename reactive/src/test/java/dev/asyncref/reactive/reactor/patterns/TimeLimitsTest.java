package dev.asyncref.reactive.reactor.patterns;

import static dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.asyncref.reactive.reactor.DroppedErrors;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Timeouts run on virtual time: longer than the hang guard, they can only pass because the test says so. A
 * deadline is on the JDK's clock ({@link System#nanoTime}), which virtual time does not move: its remainder is
 * read when a step is subscribed, and the step's timer then runs on virtual time.
 */
class TimeLimitsTest {

    private static final Duration TIMEOUT = Duration.ofHours(1);

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final Calls<String> calls = new Calls<>();

    @AfterEach
    void restoreTheClock() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void aCallAnsweringInTimeDeliversItsAnswerAndNoTimeoutFollows() {
        StepVerifier.withVirtualTime(() -> TimeLimits.withTimeout(calls.mono(), TIMEOUT, TimedOut::new))
                .expectSubscription()
                .then(() -> calls.answer(1, "9.50"))
                .expectNext("9.50")
                .thenAwait(TIMEOUT.multipliedBy(100))
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aCallFailingInTimeFailsWithItsOwnFailure() {
        IllegalStateException down = new IllegalStateException("down");

        StepVerifier.withVirtualTime(() -> TimeLimits.withTimeout(calls.mono(), TIMEOUT, TimedOut::new))
                .expectSubscription()
                .then(() -> calls.fail(1, down))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(down))
                .verify(HANG_GUARD);
    }

    @Test
    void aLateCallIsCancelledBeforeItsTimeoutIsDeliveredAndNotBefore() {
        StepVerifier.withVirtualTime(() -> TimeLimits.withTimeout(calls.mono(), TIMEOUT, TimedOut::new))
                .expectSubscription()
                .expectNoEvent(TIMEOUT.minusNanos(1))
                .then(() -> assertThat(calls.inFlight()).as("not before the timeout").isOne())
                .thenAwait(Duration.ofNanos(1))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isExactlyInstanceOf(TimedOut.class);
                    assertThat(calls.cancelled(1)).as("the call, when the timeout was delivered").isTrue();
                })
                .verify(HANG_GUARD);
    }

    @Test
    void cancellingCancelsTheCallAndLeavesNoTimerOnTheClock() {
        // Installed here and not by withVirtualTime, which disposes its clock when it ends: this one must outlive
        // the verification, to show that the cancel left nothing on it.
        VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();
        AtomicInteger timeoutsMade = new AtomicInteger();

        StepVerifier.create(TimeLimits.withTimeout(calls.mono(), TIMEOUT, () -> {
                    timeoutsMade.incrementAndGet();
                    return new TimedOut();
                }))
                .then(() -> assertThat(calls.inFlight()).isOne())
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(calls.cancelled(1)).isTrue();
        clock.advanceTimeBy(TIMEOUT.multipliedBy(100));
        assertThat(timeoutsMade).as("timeouts made after the cancel, however long the clock runs").hasValue(0);
    }

    @Test
    void aStepDueOnceTheDeadlineHasPassedFailsWithoutBeingSubscribed() {
        TimeLimits.Deadline passed = new TimeLimits.Deadline(System.nanoTime());

        StepVerifier.create(TimeLimits.beforeDeadline(passed, calls.mono(), TimedOut::new))
                .expectError(TimedOut.class)
                .verify(HANG_GUARD);
        assertThat(calls.count()).as("calls made").isZero();
    }

    /** Read when the Mono is built, the remainder would still be there when the step is subscribed. */
    @Test
    void theDeadlineIsReadWhenTheStepIsSubscribedNotWhenItIsBuilt() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(Duration.ofMillis(50));
        Mono<String> step = TimeLimits.beforeDeadline(deadline, calls.mono(), TimedOut::new);
        await().until(deadline::hasPassed);

        StepVerifier.create(step).expectError(TimedOut.class).verify(HANG_GUARD);
        assertThat(calls.count()).as("calls made").isZero();
    }

    /** Read as the step is subscribed, the remainder is a hair under the hour: the timeout fires in its last minute. */
    @Test
    void aStepGetsWhatIsLeftOfTheDeadlineAsItsTimeout() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(TIMEOUT);

        StepVerifier.withVirtualTime(() -> TimeLimits.beforeDeadline(deadline, calls.mono(), TimedOut::new))
                .expectSubscription()
                .expectNoEvent(TIMEOUT.minusMinutes(1))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isExactlyInstanceOf(TimedOut.class);
                    assertThat(calls.cancelled(1)).as("the step, when its timeout was delivered").isTrue();
                })
                .verify(HANG_GUARD);
    }

    @Test
    void aDeadlineOfCenturiesIsSimplyFarAway() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(ChronoUnit.FOREVER.getDuration());

        assertThat(deadline.hasPassed()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofDays(365 * 100));
        StepVerifier.withVirtualTime(() -> TimeLimits.withTimeout(calls.mono(), ChronoUnit.FOREVER.getDuration(),
                        TimedOut::new))
                .expectSubscription()
                .then(() -> calls.answer(1, "9.50"))
                .expectNext("9.50")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> TimeLimits.withTimeout(calls.mono(), Duration.ofSeconds(-1), TimedOut::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT-1S");
        assertThat(calls.count()).isZero();
    }

    /** The caller's own exception for a late call. */
    static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
