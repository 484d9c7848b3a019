package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import dev.asyncref.virtualthreads.patterns.FirstSuccessContract.AllFailed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retries on the caller's own thread, shared by both virtual-thread styles. A first backoff of a millisecond is
 * a pause the test waits out by the next call being made; an hour, one that never ends during a test: a caller
 * asleep in it is in {@link Thread.State#TIMED_WAITING}, which no other wait of the test is.
 */
@ExtendWith(NoPinnedThreads.class)
class RetryTest {

    private static final Retry.Backoff THREE_QUICK = new Retry.Backoff(3, Duration.ofMillis(1), 0);
    private static final Retry.Backoff THREE_SLOW = new Retry.Backoff(3, Duration.ofHours(1), 0);

    private final Calls<String> calls = new Calls<>();

    @Test
    void aRetryableFailureIsRetriedOnTheCallersThreadAndTheFirstAnswerReturned() {
        Caller<String> price = retrying(THREE_QUICK);

        calls.call(1).fail(new Flaky("1"));
        calls.call(2).answer("9.50");

        assertThat(price.value()).isEqualTo("9.50");
        assertThat(calls.made()).extracting(Calls.Call::thread).as("every attempt made by")
                .containsOnly(price.thread());
    }

    @Test
    void whenEveryAttemptFailsTheCallersExceptionCarriesEveryFailureInOrder() {
        Caller<String> price = retrying(THREE_QUICK);
        List<Flaky> failures = List.of(new Flaky("1"), new Flaky("2"), new Flaky("3"));

        for (int attempt = 1; attempt <= 3; attempt++) {
            calls.call(attempt).fail(failures.get(attempt - 1));
        }

        assertThat(price.failure()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactlyElementsOf(failures));
        assertThat(calls.count()).as("calls made").isEqualTo(3);
    }

    @Test
    void aFailureNotWorthRetryingEndsTheRetriesAtOnce() {
        Caller<String> price = retrying(THREE_QUICK);
        IllegalArgumentException rejected = new IllegalArgumentException("no such sku");

        calls.call(1).fail(rejected);

        assertThat(price.failure()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(rejected));
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void interruptingDuringAnAttemptCancelsItAndRetriesNothing() {
        Caller<String> price = retrying(THREE_QUICK);
        calls.call(1);

        price.thread().interrupt();

        assertThat(price.failure()).isInstanceOf(InterruptedException.class);
        assertThat(calls.call(1).cancelled()).isTrue();
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void interruptingDuringAPauseEndsItAndNoAttemptFollows() {
        Caller<String> price = retrying(THREE_SLOW);
        calls.call(1).fail(new Flaky("1"));
        eventually().until(() -> price.thread().getState() == Thread.State.TIMED_WAITING);

        price.thread().interrupt();

        assertThat(price.failure()).isInstanceOf(InterruptedException.class);
        assertThat(calls.count()).as("calls made").isOne();
    }

    /** The trap: a pause whose sleep swallows the interrupt sleeps through a cancel, and calls again. */
    @Test
    void aPauseThatSwallowsTheInterruptCallsAgainAfterACancel() {
        Caller<String> naive = Caller.start(calls, () -> {
            for (;;) {
                try {
                    return calls.call();
                } catch (Flaky failure) {
                    try {
                        Thread.sleep(Duration.ofHours(1));
                    } catch (InterruptedException swallowed) {
                        // the trap
                    }
                }
            }
        });
        calls.call(1).fail(new Flaky("1"));
        eventually().until(() -> naive.thread().getState() == Thread.State.TIMED_WAITING);

        naive.thread().interrupt();

        calls.call(2).answer("9.50");
        assertThat(naive.value()).as("an answer the caller had given up on").isEqualTo("9.50");
    }

    @Test
    void pausesGrowTwofoldAndStrayByAtMostTheJitter() {
        Retry.Backoff exact = new Retry.Backoff(4, Duration.ofMillis(100), 0);
        Retry.Backoff jittered = new Retry.Backoff(4, Duration.ofMillis(100), 0.5);

        assertThat(List.of(exact.pauseBefore(1), exact.pauseBefore(2), exact.pauseBefore(3)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        for (int draw = 0; draw < 100; draw++) {
            assertThat(jittered.pauseBefore(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
        }
    }

    @Test
    void aBackoffOutOfRangeIsAMistake() {
        assertThatThrownBy(() -> new Retry.Backoff(0, Duration.ofMillis(1), 0))
                .hasMessage("attempts must be between 1 and 31, got 0");
        assertThatThrownBy(() -> new Retry.Backoff(32, Duration.ofMillis(1), 0))
                .hasMessage("attempts must be between 1 and 31, got 32");
        assertThat(new Retry.Backoff(1, Duration.ofMillis(1), 0).attempts()).as("no retry").isEqualTo(1);
        assertThat(new Retry.Backoff(31, Duration.ofMillis(1), 0).attempts()).isEqualTo(31);
        assertThatThrownBy(() -> new Retry.Backoff(3, Duration.ZERO, 0))
                .hasMessage("first backoff must be positive, got PT0S");
        assertThatThrownBy(() -> new Retry.Backoff(3, Duration.ofMillis(1), 1))
                .hasMessage("jitter must be at least 0 and below 1, got 1.0");
        assertThatThrownBy(() -> THREE_QUICK.pauseBefore(3)).hasMessage("retry must be between 1 and 2, got 3");
    }

    private Caller<String> retrying(Retry.Backoff backoff) {
        return Caller.start(calls,
                () -> Retry.retrying(calls, backoff, failure -> failure instanceof Flaky, AllFailed::new));
    }

    /** A failure worth another attempt. */
    static final class Flaky extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Flaky(String message) {
            super(message);
        }
    }
}
