package dev.asyncref.reactive.rxjava.patterns;

import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.rxjava.UndeliverableErrors;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.exceptions.UndeliverableException;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timeouts on a {@link TestScheduler}'s clock, which only the test moves. A deadline reads the real clock, as
 * the helper's does: an hour is one that never passes during a test, and one made at this very nanosecond has
 * passed by the next line.
 */
class TimeLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration NEVER = Duration.ofHours(1);

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final Calls<String> calls = new Calls<>();
    private final TestScheduler clock = new TestScheduler();

    @Test
    void aCallAnsweringInTimeDeliversItsAnswerAndNoTimeoutFollows() {
        TestObserver<String> price = TimeLimits.withTimeout(calls.single(), TIMEOUT, TimedOut::new, clock).test();

        calls.call(1).onSuccess("9.50");
        clock.advanceTimeBy(1, DAYS);

        price.assertResult("9.50");
    }

    @Test
    void aCallFailingInTimeFailsWithItsOwnFailure() {
        TestObserver<String> price = TimeLimits.withTimeout(calls.single(), TIMEOUT, TimedOut::new, clock).test();
        IllegalStateException down = new IllegalStateException("down");

        calls.call(1).onError(down);

        price.assertError(down);
    }

    @Test
    void aLateCallIsCancelledBeforeItsTimeoutIsDeliveredAndNotBefore() {
        AtomicReference<Boolean> cancelledWhenDelivered = new AtomicReference<>();
        TestObserver<String> price = TimeLimits.withTimeout(calls.single(), TIMEOUT, TimedOut::new, clock)
                .doOnError(timedOut -> cancelledWhenDelivered.set(calls.isCancelled(1)))
                .test();

        clock.advanceTimeBy(TIMEOUT.toNanos() - 1, NANOSECONDS);
        price.assertEmpty();
        clock.advanceTimeBy(1, NANOSECONDS);

        price.assertError(TimedOut.class);
        assertThat(cancelledWhenDelivered).as("the call cancelled when the timeout was delivered").hasValue(true);
    }

    @Test
    void disposingTheResultCancelsTheCallAndItsTimer() {
        AtomicInteger timedOut = new AtomicInteger();
        TestObserver<String> price = TimeLimits.withTimeout(calls.single(), TIMEOUT, () -> {
            timedOut.incrementAndGet();
            return new TimedOut();
        }, clock).test();

        price.dispose();
        clock.advanceTimeBy(1, DAYS);

        assertThat(calls.isCancelled(1)).isTrue();
        assertThat(timedOut).as("timeouts made").hasValue(0);
    }

    /** Subscribing a cold call may take time of its own (a connection made on subscribe): none is the call's. */
    @Test
    void theTimerStartsOnceTheCallIsSubscribed() {
        Single<String> slowToSubscribe = calls.single()
                .doOnSubscribe(subscribed -> clock.advanceTimeBy(TIMEOUT.toNanos(), NANOSECONDS));

        TestObserver<String> price = TimeLimits.withTimeout(slowToSubscribe, TIMEOUT, TimedOut::new, clock).test();
        calls.call(1).onSuccess("9.50");

        price.assertResult("9.50");
    }

    /** The trap: timeout arms its timer before it subscribes, and fires during a slow subscription. */
    @Test
    void timeoutFiresWhileTheCallIsStillBeingSubscribed() {
        Single<String> slowToSubscribe = calls.single()
                .doOnSubscribe(subscribed -> clock.advanceTimeBy(TIMEOUT.toNanos(), NANOSECONDS));

        TestObserver<String> price = slowToSubscribe.timeout(TIMEOUT.toNanos(), NANOSECONDS, clock).test();

        price.assertError(TimeoutException.class);
        assertThat(calls.isCancelled(1)).as("the call, cancelled as it was made").isTrue();
    }

    /** A call failing just as its timeout fires: one of the two ends the call, the other reaches nobody. */
    @Test
    void aCallFailingAsItsTimeoutFiresReachesNobody() {
        TestObserver<String> price = TimeLimits.withTimeout(failingAsDisposed(), TIMEOUT, TimedOut::new, clock)
                .test();

        clock.advanceTimeBy(TIMEOUT.toNanos(), NANOSECONDS);

        price.assertError(TimedOut.class); // and nothing for RxJavaPlugins, which the extension checks
    }

    /** The trap: timeout hands the call's failure that comes as it fires to RxJavaPlugins.onError. */
    @Test
    void timeoutHandsACallFailingAsItFiresToRxJavaPlugins() {
        Queue<Throwable> undeliverableHere = new ConcurrentLinkedQueue<>();
        RxJavaPlugins.setErrorHandler(undeliverableHere::add); // the extension's own is put back after the test

        failingAsDisposed().timeout(TIMEOUT.toNanos(), NANOSECONDS, clock).test();
        clock.advanceTimeBy(TIMEOUT.toNanos(), NANOSECONDS);

        assertThat(undeliverableHere).singleElement().isInstanceOf(UndeliverableException.class)
                .satisfies(failure -> assertThat(failure).hasRootCauseMessage("down as it was cancelled"));
    }

    @Test
    void aStepDueOnceTheDeadlineHasPassedFailsOnSubscriptionWithoutBeingCalled() {
        TimeLimits.Deadline passed = new TimeLimits.Deadline(System.nanoTime());
        AtomicInteger made = new AtomicInteger();
        Single<String> step = TimeLimits.beforeDeadline(passed, calls.single(), () -> {
            made.incrementAndGet();
            return new TimedOut();
        }, clock);
        assertThat(made).as("timeouts made on assembly").hasValue(0);

        step.test().assertError(TimedOut.class);

        assertThat(calls.count()).as("calls made").isZero();
    }

    @Test
    void stepsBeforeTheDeadlineShareIt() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(NEVER);

        TestObserver<String> both = TimeLimits.beforeDeadline(deadline, calls.single(), TimedOut::new, clock)
                .flatMap(first -> TimeLimits.beforeDeadline(deadline, calls.single(), TimedOut::new, clock))
                .test();
        calls.call(1).onSuccess("quoted");
        calls.call(2).onSuccess("charged");

        both.assertResult("charged");
        assertThat(deadline.remaining()).isLessThan(NEVER);
    }

    @Test
    void aStepInProgressWhenTheDeadlinePassesIsCancelledAndFailsWithPassed() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(NEVER);
        TestObserver<String> step = TimeLimits.beforeDeadline(deadline, calls.single(), TimedOut::new, clock).test();

        clock.advanceTimeBy(NEVER.toNanos(), NANOSECONDS); // no less than what was left of it

        step.assertError(TimedOut.class);
        assertThat(calls.isCancelled(1)).isTrue();
    }

    @Test
    void aDeadlineOfCenturiesIsSimplyFarAway() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(ChronoUnit.FOREVER.getDuration());

        assertThat(deadline.hasPassed()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofDays(365 * 100));
    }

    /** On a clock that has run a while, a timer set for {@code Long.MAX_VALUE} from now would be due in the past. */
    @Test
    void aTimeoutOfCenturiesIsSimplyThatLong() {
        clock.advanceTimeBy(1, DAYS);
        TestObserver<String> price = TimeLimits.withTimeout(calls.single(), ChronoUnit.FOREVER.getDuration(),
                TimedOut::new, clock).test();

        clock.advanceTimeBy(365 * 100, DAYS);

        price.assertEmpty();
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> TimeLimits.withTimeout(calls.single(), Duration.ofSeconds(-1), TimedOut::new, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT-1S");
        assertThat(calls.count()).isZero();
    }

    /** A call that fails the moment it is disposed, before its dispose has reached it. */
    private Single<String> failingAsDisposed() {
        return calls.single()
                .doOnDispose(() -> calls.call(1).onError(new RuntimeException("down as it was cancelled")));
    }

    /** The caller's own exception for a late call. */
    static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
