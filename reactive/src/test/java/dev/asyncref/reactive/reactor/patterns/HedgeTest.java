package dev.asyncref.reactive.reactor.patterns;

import static dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.reactor.DroppedErrors;
import dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.AllFailed;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The hedge's delay runs on virtual time: longer than the hang guard, it can only pass because the test says so. */
class HedgeTest {

    private static final Duration HEDGE_AFTER = Duration.ofMinutes(1);

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final Calls<String> calls = new Calls<>();

    @AfterEach
    void restoreTheClock() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void aFirstAnswerWithinTheDelayIsDeliveredAndNoHedgeEverFollows() {
        StepVerifier.withVirtualTime(() -> Hedge.hedged(calls.mono(), HEDGE_AFTER, AllFailed::new))
                .expectSubscription()
                .then(() -> calls.answer(1, "first"))
                .expectNext("first")
                .thenAwait(HEDGE_AFTER.multipliedBy(100))
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void aSlowFirstRequestGetsAHedgeAtTheDelayAndTheLoserIsCancelledBeforeTheValueIsDelivered() {
        StepVerifier.withVirtualTime(() -> Hedge.hedged(calls.mono(), HEDGE_AFTER, AllFailed::new))
                .expectSubscription()
                .expectNoEvent(HEDGE_AFTER.minusNanos(1))
                .then(() -> assertThat(calls.count()).as("no hedge before the delay").isOne())
                .thenAwait(Duration.ofNanos(1))
                .then(() -> assertThat(calls.count()).as("the hedge at the delay").isEqualTo(2))
                .then(() -> calls.answer(2, "hedge"))
                .consumeNextWith(value -> {
                    assertThat(value).isEqualTo("hedge");
                    assertThat(calls.cancelled(1)).as("the first request, when the value was delivered").isTrue();
                })
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aFailedFirstRequestOnlyLosesAndDoesNotHastenTheHedge() {
        StepVerifier.withVirtualTime(() -> Hedge.hedged(calls.mono(), HEDGE_AFTER, AllFailed::new))
                .expectSubscription()
                .then(() -> calls.fail(1, new IllegalStateException("down")))
                .expectNoEvent(HEDGE_AFTER.minusNanos(1))
                .then(() -> assertThat(calls.count()).as("the hedge waits for its delay").isOne())
                .thenAwait(Duration.ofNanos(1))
                .then(() -> calls.answer(2, "hedge"))
                .expectNext("hedge")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void whenBothFailTheCallersExceptionCarriesBothFailuresInTheOrderTheyFailed() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        StepVerifier.withVirtualTime(() -> Hedge.hedged(calls.mono(), HEDGE_AFTER, AllFailed::new))
                .expectSubscription()
                .thenAwait(HEDGE_AFTER)
                .then(() -> calls.fail(2, second))
                .then(() -> calls.fail(1, first))
                .expectErrorSatisfies(error -> assertThat(error).isExactlyInstanceOf(AllFailed.class)
                        .satisfies(failed -> assertThat(failed.getSuppressed()).containsExactly(second, first)))
                .verify(HANG_GUARD);
    }

    @Test
    void cancellingCancelsBothRequests() {
        StepVerifier.withVirtualTime(() -> Hedge.hedged(calls.mono(), HEDGE_AFTER, AllFailed::new))
                .expectSubscription()
                .thenAwait(HEDGE_AFTER)
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(calls.cancelled()).isEqualTo(2);
    }

    @Test
    void cancellingDuringTheDelayLeavesNoHedgeOnTheClock() {
        // Installed here and not by withVirtualTime, which disposes its clock when it ends: this one must outlive
        // the verification, to show that the cancel left nothing on it.
        VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();

        StepVerifier.create(Hedge.hedged(calls.mono(), HEDGE_AFTER, AllFailed::new))
                .then(() -> assertThat(calls.inFlight()).isOne())
                .thenCancel()
                .verify(HANG_GUARD);

        clock.advanceTimeBy(HEDGE_AFTER.multipliedBy(100));
        assertThat(calls.count()).as("no hedge after the cancel, however long the clock runs").isOne();
        assertThat(calls.cancelled(1)).isTrue();
    }

    /** The trap: a timeout with a fallback looks like a hedge, but drops the first request as it sends the second. */
    @Test
    void aTimeoutWithTheCallAsItsFallbackCancelsTheFirstRequest() {
        StepVerifier.withVirtualTime(() -> calls.mono().timeout(HEDGE_AFTER, calls.mono()))
                .expectSubscription()
                .thenAwait(HEDGE_AFTER)
                .then(() -> assertThat(calls.cancelled(1)).as("the first request, just as it may answer").isTrue())
                .then(() -> calls.answer(2, "second"))
                .expectNext("second")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aDelayOfCenturiesIsSimplyThatLong() {
        StepVerifier.withVirtualTime(() -> Hedge.hedged(calls.mono(), ChronoUnit.FOREVER.getDuration(), AllFailed::new))
                .expectSubscription()
                .then(() -> calls.answer(1, "first"))
                .expectNext("first")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aDelayThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> Hedge.hedged(calls.mono(), Duration.ZERO, AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hedge delay must be positive, got PT0S");
        assertThat(calls.count()).isZero();
    }
}
