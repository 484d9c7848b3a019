package dev.asyncref.callbacks.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import dev.asyncref.callbacks.patterns.FirstSuccessTest.AllFailed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hedge's delay passes when the test moves the scheduler's clock, on a thread named {@code timer}. */
class HedgeTest {

    private static final Duration DELAY = Duration.ofMillis(50);
    private static final Duration JUST_BEFORE = DELAY.minusNanos(1);

    private final Calls<String> calls = new Calls<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Heard<String> heard = new Heard<>(calls::inFlight);
    private final Call<String> hedged = Hedge.hedged(calls, DELAY, AllFailed::new, scheduler);

    @Test
    void aFirstAnswerWithinTheDelayIsDeliveredAndTakesTheHedgesTimerWithIt() {
        hedged.start(heard);

        calls.call(1).succeed("first");

        assertThat(heard.outcome()).isEqualTo("first");
        assertThat(scheduler.waiting()).as("timers left").isZero();
        scheduler.advance(DELAY);
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void aSlowFirstRequestGetsAHedgeFromTheSchedulersThreadAfterTheDelayNeverBefore() throws InterruptedException {
        hedged.start(heard);

        scheduler.advance(JUST_BEFORE);
        assertThat(calls.count()).as("calls made just before the delay").isOne();
        scheduler.advanceOn("timer", Duration.ofNanos(1));

        assertThat(calls.count()).isEqualTo(2);
        assertThat(calls.call(2).thread()).as("the hedge sent by").isEqualTo("timer");
    }

    @Test
    void theHedgeWinsAndTheFirstRequestIsCancelledBeforeTheValueIsDelivered() {
        hedged.start(heard);
        scheduler.advance(DELAY);

        calls.call(2).succeed("hedge");

        assertThat(heard.outcome()).isEqualTo("hedge");
        assertThat(calls.call(1).cancelled()).as("the first request").isTrue();
        assertThat(heard.seen()).as("calls in flight when the value was delivered").isEqualTo(0L);
    }

    @Test
    void theFirstRequestWinsAfterTheHedgeWentOutAndTheHedgeIsCancelledBeforeTheValueIsDelivered() {
        hedged.start(heard);
        scheduler.advance(DELAY);

        calls.call(1).succeed("first");

        assertThat(heard.outcome()).isEqualTo("first");
        assertThat(calls.call(2).cancelled()).as("the hedge").isTrue();
        assertThat(heard.seen()).as("calls in flight when the value was delivered").isEqualTo(0L);
    }

    @Test
    void aFailedFirstRequestOnlyLosesAndDoesNotHastenTheHedge() {
        hedged.start(heard);

        calls.call(1).fail(new IllegalStateException("down"));
        scheduler.advance(JUST_BEFORE);

        assertThat(heard.nothing()).isTrue();
        assertThat(calls.count()).as("the hedge waits for its delay").isOne();
        scheduler.advance(Duration.ofNanos(1));
        calls.call(2).succeed("hedge");
        assertThat(heard.outcome()).isEqualTo("hedge");
    }

    @Test
    void whenBothFailTheCallersExceptionCarriesBothFailuresInTheOrderTheyFailed() {
        hedged.start(heard);
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        scheduler.advance(DELAY);

        calls.call(2).fail(second);
        calls.call(1).fail(first);

        assertThat(heard.outcome()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(((Throwable) failure).getSuppressed()).containsExactly(second, first));
    }

    @Test
    void cancellingBeforeTheDelaySendsNoHedgeAndLeavesNoTimer() {
        Cancellable quote = hedged.start(heard);

        quote.cancel();
        scheduler.advance(DELAY);

        assertThat(calls.call(1).cancelled()).isTrue();
        assertThat(calls.count()).as("calls made").isOne();
        assertThat(scheduler.waiting()).as("timers left").isZero();
        assertThat(heard.nothing()).isTrue();
    }

    @Test
    void cancellingAfterTheHedgeWentOutCancelsBothRequests() {
        Cancellable quote = hedged.start(heard);
        scheduler.advance(DELAY);

        quote.cancel();

        assertThat(calls.cancelled()).isEqualTo(2);
        assertThat(heard.nothing()).isTrue();
    }

    @Test
    void aLosersAnswerThatRacedItsCancelIsNeverHeard() {
        hedged.start(heard);
        scheduler.advance(DELAY);

        calls.call(1).succeed("first");
        calls.call(2).succeed("too late"); // a client whose answer raced the cancel

        assertThat(heard.outcomes()).containsExactly("first");
    }

    /** The trap of a timer's thread: what the caller's callback throws there is kept by the timer, unread. */
    @Test
    void whatTheCallbackThrowsOnTheSchedulersThreadReachesItsUncaughtExceptionHandler() throws InterruptedException {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("the caller's bug");
        AtomicInteger requests = new AtomicInteger();
        Call<String> hedgeAnswersAtHand = callback -> {
            if (requests.incrementAndGet() == 1) {
                return calls.start(callback);
            }
            callback.onSuccess("hedge");
            return () -> {};
        };
        Hedge.hedged(hedgeAnswersAtHand, DELAY, AllFailed::new, scheduler).start(Callback.of(value -> {
            throw thrown;
        }, failure -> {}));

        Thread.ofPlatform().uncaughtExceptionHandler((thread, failure) -> uncaught.add(failure))
                .start(() -> scheduler.advance(DELAY)).join();

        assertThat(uncaught).containsExactly(thrown);
    }

    @Test
    void aDelayThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> Hedge.hedged(calls, Duration.ZERO, AllFailed::new, scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hedge delay must be positive, got PT0S");
    }
}
