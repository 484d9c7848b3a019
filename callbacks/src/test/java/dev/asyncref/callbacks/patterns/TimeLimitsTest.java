package dev.asyncref.callbacks.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Timeouts pass when the test moves the scheduler's clock; deadlines are read on the JDK's, an hour away. */
class TimeLimitsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(100);
    private static final Duration HOUR = Duration.ofHours(1);

    private final Calls<String> calls = new Calls<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Heard<String> heard = new Heard<>(() -> calls.count() > 0 && calls.call(1).cancelled());
    private final Call<String> timed = TimeLimits.withTimeout(calls, TIMEOUT, TimedOut::new, scheduler);

    @Test
    void aCallAnsweringInTimeDeliversItsAnswerAndTakesItsTimerWithIt() {
        timed.start(heard);

        calls.call(1).succeed("9.50");

        assertThat(heard.outcome()).isEqualTo("9.50");
        assertThat(scheduler.waiting()).as("timers left").isZero();
    }

    @Test
    void aCallFailingInTimeFailsWithItsOwnFailure() {
        timed.start(heard);
        IllegalStateException down = new IllegalStateException("down");

        calls.call(1).fail(down);

        assertThat(heard.outcome()).isSameAs(down);
        assertThat(scheduler.waiting()).as("timers left").isZero();
    }

    @Test
    void aLateCallIsCancelledOnTheSchedulersThreadBeforeItsTimeoutIsDeliveredAndNoEarlier() throws Exception {
        timed.start(heard);

        scheduler.advance(TIMEOUT.minusNanos(1));
        assertThat(heard.nothing()).as("just before the timeout").isTrue();
        scheduler.advanceOn("timer", Duration.ofNanos(1));

        assertThat(heard.outcome()).isExactlyInstanceOf(TimedOut.class);
        assertThat(heard.seen()).as("the call cancelled when the timeout was delivered").isEqualTo(true);
        assertThat(heard.thread()).as("the timeout delivered by").isEqualTo("timer");
    }

    @Test
    void aLateAnswerAfterTheTimeoutIsNeverHeard() {
        timed.start(heard);
        scheduler.advance(TIMEOUT);

        calls.call(1).succeed("too late"); // a client whose answer raced the cancel

        assertThat(heard.outcomes()).singleElement().isInstanceOf(TimedOut.class);
    }

    @Test
    void cancellingCancelsTheCallAndItsTimer() {
        Cancellable price = timed.start(heard);

        price.cancel();

        assertThat(calls.call(1).cancelled()).isTrue();
        assertThat(scheduler.waiting()).as("timers left").isZero();
        assertThat(heard.nothing()).isTrue();
    }

    @Test
    void anAnswerAtHandArmsNoTimer() {
        TimeLimits.<String>withTimeout(callback -> {
            callback.onSuccess("cached");
            return () -> {};
        }, TIMEOUT, TimedOut::new, scheduler).start(heard);

        assertThat(heard.outcome()).isEqualTo("cached");
        assertThat(scheduler.delays()).as("timers ever scheduled").isEmpty();
    }

    /** The trap of a timer's thread: what the caller's callback throws there is kept by the timer, unread. */
    @Test
    void whatTheCallbackThrowsOnTheSchedulersThreadReachesItsUncaughtExceptionHandler() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("the caller's bug");
        timed.start(Callback.of(value -> {}, failure -> {
            throw thrown;
        }));

        Thread.ofPlatform().uncaughtExceptionHandler((thread, failure) -> uncaught.add(failure))
                .start(() -> scheduler.advance(TIMEOUT)).join();

        assertThat(uncaught).containsExactly(thrown);
    }

    @Test
    void aStepStartedOnceTheDeadlineHasPassedFailsWithoutBeingCalled() {
        TimeLimits.Deadline passed = new TimeLimits.Deadline(System.nanoTime());

        TimeLimits.beforeDeadline(passed, calls, TimedOut::new, scheduler).start(heard);

        assertThat(heard.outcomes()).singleElement().isInstanceOf(TimedOut.class);
        assertThat(calls.count()).as("calls made").isZero();
    }

    @Test
    void eachStepGetsWhatIsLeftOfTheDeadlineWhenItStarts() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(HOUR);
        Call<String> step = TimeLimits.beforeDeadline(deadline, calls, TimedOut::new, scheduler);
        assertThat(scheduler.delays()).as("nothing timed before the step starts").isEmpty();

        step.start(heard);
        calls.call(1).succeed("quoted");
        step.start(new Heard<>());

        List<Duration> timeouts = scheduler.delays();
        assertThat(timeouts).hasSize(2).allSatisfy(timeout -> assertThat(timeout).isPositive().isLessThan(HOUR));
        assertThat(timeouts.get(1)).as("the second step's").isLessThanOrEqualTo(timeouts.get(0));
    }

    @Test
    void aDeadlineOfCenturiesIsSimplyFarAway() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(ChronoUnit.FOREVER.getDuration());

        assertThat(deadline.hasPassed()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofDays(365 * 100));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> TimeLimits.withTimeout(calls, Duration.ofSeconds(-1), TimedOut::new, scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT-1S");
    }

    /** The caller's own exception for a late call. */
    static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
