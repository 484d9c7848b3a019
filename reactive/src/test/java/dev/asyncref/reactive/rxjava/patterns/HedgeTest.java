package dev.asyncref.reactive.rxjava.patterns;

import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.rxjava.UndeliverableErrors;
import dev.asyncref.reactive.rxjava.patterns.FirstSuccessTest.AllFailed;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hedge's delay on a {@link TestScheduler}'s clock, which only the test moves. */
class HedgeTest {

    private static final Duration DELAY = Duration.ofMillis(50);

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final Calls<String> calls = new Calls<>();
    private final TestScheduler clock = new TestScheduler();

    @Test
    void aFirstAnswerWithinTheDelayIsDeliveredAndNoHedgeIsEverSent() {
        TestObserver<String> quote = hedged().test();

        calls.call(1).onSuccess("first");
        clock.advanceTimeBy(1, DAYS);

        quote.assertValue("first");
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void theHedgeIsSentWhenTheDelayEndsAndNotBefore() {
        hedged().test();

        clock.advanceTimeBy(DELAY.toNanos() - 1, NANOSECONDS);
        assertThat(calls.count()).as("calls before the delay").isOne();
        clock.advanceTimeBy(1, NANOSECONDS);

        assertThat(calls.count()).as("calls once the delay is over").isEqualTo(2);
    }

    @Test
    void whicheverAnswersFirstWinsAndTheOtherIsCancelledBeforeTheValueIsDelivered() {
        AtomicReference<Long> inFlightWhenDelivered = new AtomicReference<>();
        TestObserver<String> quote = hedged()
                .doOnSuccess(value -> inFlightWhenDelivered.set(calls.inFlight()))
                .test();
        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);

        calls.call(2).onSuccess("hedge");

        quote.assertValue("hedge");
        assertThat(calls.isCancelled(1)).as("the first request cancelled").isTrue();
        assertThat(inFlightWhenDelivered).as("calls in flight when the value was delivered").hasValue(0L);
    }

    @Test
    void aFailedFirstRequestOnlyLosesAndDoesNotHastenTheHedge() {
        TestObserver<String> quote = hedged().test();

        calls.call(1).onError(new IllegalStateException("down"));
        quote.assertEmpty();
        assertThat(calls.count()).as("the hedge waits for its delay").isOne();
        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);
        calls.call(2).onSuccess("hedge");

        quote.assertValue("hedge");
    }

    @Test
    void whenBothFailTheCallersExceptionCarriesBothFailuresInTheOrderTheyFailed() {
        TestObserver<String> quote = hedged().test();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);
        calls.call(2).onError(second);
        calls.call(1).onError(first);

        quote.assertError(failure -> failure instanceof AllFailed
                && failure.getSuppressed()[0] == second && failure.getSuppressed()[1] == first);
    }

    @Test
    void disposingBeforeTheDelayCancelsTheRequestAndSendsNoHedge() {
        TestObserver<String> quote = hedged().test();

        quote.dispose();
        clock.advanceTimeBy(1, DAYS);

        assertThat(calls.isCancelled(1)).isTrue();
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void disposingAfterTheDelayCancelsBothRequests() {
        TestObserver<String> quote = hedged().test();
        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);

        quote.dispose();

        assertThat(calls.cancelled()).isEqualTo(2);
    }

    /** The trap: delay holds back the answer, not the call, so the "hedge" is made at once. */
    @Test
    void delayMakesTheCallAtOnce() {
        calls.single().delay(1, DAYS, clock).test();

        assertThat(calls.count()).as("calls made before any time passed").isOne();
    }

    /** The trap: timeout with the call as fallback is not a hedge: the first request is cancelled as it goes. */
    @Test
    void aTimeoutFallingBackToTheCallCancelsTheFirstRequest() {
        calls.single().timeout(DELAY.toNanos(), NANOSECONDS, clock, calls.single()).test();

        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);

        assertThat(calls.count()).isEqualTo(2);
        assertThat(calls.isCancelled(1)).as("the first request, whose answer may have been a moment away").isTrue();
    }

    @Test
    void aDelayThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> Hedge.hedged(calls.single(), Duration.ZERO, AllFailed::new, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hedge delay must be positive, got PT0S");
    }

    private Single<String> hedged() {
        return Hedge.hedged(calls.single(), DELAY, AllFailed::new, clock);
    }
}
