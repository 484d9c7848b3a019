package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code withTimeout} and {@code beforeDeadline} guarantee in both virtual-thread styles; each style's test
 * supplies its helpers. An hour is a limit that never passes during a test, a nanosecond one that has passed by
 * the next line, and a hundredth of a second one that passes while the call waits for its answer.
 */
@ExtendWith(NoPinnedThreads.class)
public abstract class TimeLimitsContract {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AT_ONCE = Duration.ofNanos(1);
    private static final Duration SOON = Duration.ofMillis(10);

    protected final Calls<String> calls = new Calls<>();

    protected abstract <T, X extends Exception> T withTimeout(Callable<? extends T> call, Duration timeout,
            Supplier<? extends X> timedOut) throws X, ExecutionException, InterruptedException;

    /** A deadline {@code limit} from now, as the style's own {@code TimeLimits.Deadline}. */
    protected abstract Deadline deadlineIn(Duration limit);

    /** The style's {@code TimeLimits.Deadline}, and {@code beforeDeadline} bound to it. */
    protected interface Deadline {
        <T, X extends Exception> T beforeIt(Callable<? extends T> step, Supplier<? extends X> passed)
                throws X, ExecutionException, InterruptedException;

        Duration remaining();

        boolean hasPassed();
    }

    @Test
    void aCallAnsweringInTimeReturnsItsAnswerFromAVirtualThreadOfItsOwn() {
        Caller<String> price = Caller.start(calls, () -> withTimeout(calls, NEVER, TimedOut::new));

        calls.call(1).answer("9.50");

        assertThat(price.value()).isEqualTo("9.50");
        assertThat(calls.call(1).thread()).isNotEqualTo(price.thread()).matches(Thread::isVirtual);
    }

    @Test
    void aCallFailingInTimeThrowsItsOwnUncheckedFailureAsItIs() {
        Caller<String> price = Caller.start(calls, () -> withTimeout(calls, NEVER, TimedOut::new));
        IllegalStateException down = new IllegalStateException("down");

        calls.call(1).fail(down);

        assertThat(price.failure()).isSameAs(down);
    }

    @Test
    void aCheckedFailureIsWrappedOnceInAnExecutionException() {
        Caller<String> price = Caller.start(calls, () -> withTimeout(calls, NEVER, TimedOut::new));
        IOException unreachable = new IOException("unreachable");

        calls.call(1).fail(unreachable);

        assertThat(price.failure()).isExactlyInstanceOf(ExecutionException.class).cause().isSameAs(unreachable);
    }

    /** Whether the late call had started when its time was up or not, none is left running when it is thrown. */
    @Test
    void aLateCallIsInterruptedAndHasStoppedBeforeItsTimeoutIsThrown() {
        Caller<String> price = Caller.start(calls, () -> withTimeout(calls, SOON, TimedOut::new));

        assertThat(price.failure()).isExactlyInstanceOf(TimedOut.class);
        assertThat(price.inFlightWhenDone()).as("calls in flight when the timeout was thrown").isZero();
        assertThat(calls.made()).as("interrupted").allMatch(Calls.Call::cancelled);
    }

    @Test
    void interruptingTheCallerInterruptsTheCallAndThrowsOnceItHasStopped() {
        Caller<String> price = Caller.start(calls, () -> withTimeout(calls, NEVER, TimedOut::new));
        calls.call(1);

        price.thread().interrupt();

        assertThat(price.failure()).isInstanceOf(InterruptedException.class);
        assertThat(price.inFlightWhenDone()).isZero();
        assertThat(calls.call(1).cancelled()).isTrue();
    }

    @Test
    void anInterruptedCallerMakesNoCall() {
        for (int price = 0; price < 20; price++) {
            Caller<String> interrupted = Caller.start(calls, () -> {
                Thread.currentThread().interrupt();
                return withTimeout(calls, NEVER, TimedOut::new);
            });

            assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
        }
        assertThat(calls.count()).isZero();
    }

    @Test
    void aStepDueOnceTheDeadlineHasPassedThrowsWithoutBeingCalled() {
        Deadline deadline = deadlineIn(AT_ONCE);
        eventually().until(deadline::hasPassed);

        assertThatThrownBy(() -> deadline.beforeIt(calls, TimedOut::new)).isExactlyInstanceOf(TimedOut.class);
        assertThat(calls.count()).as("calls made").isZero();
    }

    @Test
    void stepsBeforeTheDeadlineShareIt() {
        Deadline deadline = deadlineIn(NEVER);
        Caller<String> both = Caller.start(calls, () -> {
            deadline.beforeIt(calls, TimedOut::new);
            return deadline.beforeIt(calls, TimedOut::new);
        });

        calls.call(1).answer("quoted");
        calls.call(2).answer("charged");

        assertThat(both.value()).isEqualTo("charged");
        assertThat(deadline.remaining()).isLessThan(NEVER);
    }

    @Test
    void aDeadlineOfCenturiesIsSimplyFarAway() {
        Deadline deadline = deadlineIn(ChronoUnit.FOREVER.getDuration());

        assertThat(deadline.hasPassed()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofDays(365 * 100));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> withTimeout(calls, Duration.ofSeconds(-1), TimedOut::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT-1S");
        assertThat(calls.count()).isZero();
    }

    /** The caller's own exception for a late call. */
    public static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
