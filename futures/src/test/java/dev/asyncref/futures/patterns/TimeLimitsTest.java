package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An hour is a limit that never passes during a test, a nanosecond one that has passed by the next line, and a
 * tenth of a second one that passes once the test has set up its watch.
 */
class TimeLimitsTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AT_ONCE = Duration.ofNanos(1);
    private static final Duration SOON = Duration.ofMillis(100);

    private final Calls<String> calls = new Calls<>();
    @AutoClose
    private final ExecutorService timers =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("timers").factory());

    @Test
    void aCallAnsweringInTimeDeliversItsAnswer() {
        CompletableFuture<String> price = TimeLimits.withTimeout(calls, NEVER, TimedOut::new, timers);

        calls.call(1).complete("9.50");

        assertThat(price).isCompletedWithValue("9.50");
    }

    /** A client's future derived with {@code thenApply} fails with its call's failure wrapped. */
    @Test
    void aCallFailingInTimeFailsWithItsOwnFailureUnwrapped() {
        CompletableFuture<String> price = TimeLimits.withTimeout(() -> calls.get().thenApply(String::trim), NEVER,
                TimedOut::new, timers);
        IllegalStateException down = new IllegalStateException("down");

        calls.call(1).completeExceptionally(down);

        assertThat(Calls.failureOf(price)).isSameAs(down);
    }

    @Test
    void aLateCallIsCancelledBeforeItsTimeoutIsDelivered() {
        AtomicReference<Boolean> cancelledWhenDelivered = new AtomicReference<>();
        AtomicReference<String> deliveredOn = new AtomicReference<>();

        CompletableFuture<String> price = TimeLimits.withTimeout(calls, SOON, TimedOut::new, timers);
        price.whenComplete((value, error) -> {
            cancelledWhenDelivered.set(calls.call(1).isCancelled());
            deliveredOn.set(Thread.currentThread().getName());
        });

        await().until(price::isDone);
        assertThat(price.exceptionNow()).isExactlyInstanceOf(TimedOut.class);
        assertThat(cancelledWhenDelivered).as("the call cancelled when the timeout was delivered").hasValue(true);
        assertThat(deliveredOn).as("the timeout delivered by").hasValue("timers");
    }

    @Test
    void cancellingTheResultCancelsTheCall() {
        CompletableFuture<String> price = TimeLimits.withTimeout(calls, NEVER, TimedOut::new, timers);

        price.cancel(true);

        assertThat(calls.call(1)).isCancelled();
    }

    @Test
    void aStepDueOnceTheDeadlineHasPassedFailsWithoutBeingCalled() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(AT_ONCE);
        await().until(deadline::hasPassed);

        CompletableFuture<String> step = TimeLimits.beforeDeadline(deadline, calls, TimedOut::new, timers);

        assertThat(step.exceptionNow()).isExactlyInstanceOf(TimedOut.class);
        assertThat(calls.count()).as("calls made").isZero();
    }

    @Test
    void stepsBeforeTheDeadlineShareIt() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(NEVER);

        CompletableFuture<String> both = TimeLimits.beforeDeadline(deadline, calls, TimedOut::new, timers)
                .thenCompose(first -> TimeLimits.beforeDeadline(deadline, calls, TimedOut::new, timers));
        calls.call(1).complete("quoted");
        calls.call(2).complete("charged");

        assertThat(both).isCompletedWithValue("charged");
        assertThat(deadline.remaining()).isLessThan(NEVER);
    }

    @Test
    void aDeadlineOfCenturiesIsSimplyFarAway() {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(ChronoUnit.FOREVER.getDuration());

        assertThat(deadline.hasPassed()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofDays(365 * 100));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> TimeLimits.withTimeout(calls, Duration.ofSeconds(-1), TimedOut::new, timers))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT-1S");
        assertThat(calls.count()).isZero();
    }

    /** The caller's own exception for a late call. */
    static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
