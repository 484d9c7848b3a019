package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.asyncref.futures.patterns.FirstSuccessTest.AllFailed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A first backoff of a millisecond is a pause the test waits out by the next call being made, or by the retry
 * being handed to an executor the test runs by hand ({@link Queued}); an hour, one that never ends during a test.
 */
class RetryTest {

    private static final Retry.Backoff THREE_QUICK = new Retry.Backoff(3, Duration.ofMillis(1), 0);
    private static final Retry.Backoff THREE_SLOW = new Retry.Backoff(3, Duration.ofHours(1), 0);

    private final Calls<String> calls = new Calls<>();
    @AutoClose
    private final ExecutorService timers =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("timers").factory());

    @Test
    void aRetryableFailureIsRetriedAndTheFirstAnswerDelivered() {
        CompletableFuture<String> price = retrying(THREE_QUICK);

        calls.call(1).completeExceptionally(new Flaky("1"));
        await().until(() -> calls.count() == 2);
        calls.call(2).complete("9.50");

        assertThat(price).isCompletedWithValue("9.50");
        assertThat(calls.thread(2)).as("the retry started by").isEqualTo("timers");
    }

    @Test
    void whenEveryAttemptFailsTheCallersExceptionCarriesEveryFailureInOrder() {
        CompletableFuture<String> price = retrying(THREE_QUICK);
        List<Flaky> failures = List.of(new Flaky("1"), new Flaky("2"), new Flaky("3"));

        for (int attempt = 1; attempt <= 3; attempt++) {
            int made = attempt;
            await().until(() -> calls.count() == made);
            calls.call(attempt).completeExceptionally(failures.get(attempt - 1));
        }

        assertThat(price.exceptionNow()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactlyElementsOf(failures));
        assertThat(calls.count()).as("calls made").isEqualTo(3);
    }

    @Test
    void aFailureNotWorthRetryingEndsTheRetriesAtOnce() {
        CompletableFuture<String> price = retrying(THREE_QUICK);
        IllegalArgumentException rejected = new IllegalArgumentException("no such sku");

        calls.call(1).completeExceptionally(rejected);

        assertThat(price.exceptionNow()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(rejected));
    }

    /** A client's future derived with {@code thenApply} fails with its call's failure wrapped. */
    @Test
    void aFailureThatArrivesWrappedIsJudgedAndReportedUnwrapped() {
        CompletableFuture<String> price = Retry.retrying(() -> calls.get().thenApply(String::trim), THREE_QUICK,
                failure -> failure instanceof Flaky, AllFailed::new, timers);
        Flaky flaky = new Flaky("1");
        IllegalArgumentException rejected = new IllegalArgumentException("no such sku");

        calls.call(1).completeExceptionally(flaky);
        assertThat(price).as("retrying").isNotDone();
        await().until(() -> calls.count() == 2);
        calls.call(2).completeExceptionally(rejected);

        assertThat(price.exceptionNow())
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(flaky, rejected));
    }

    @Test
    void aCallThatThrowsAsItStartsIsAFailedAttempt() {
        Flaky refused = new Flaky("refused");
        AtomicInteger starts = new AtomicInteger();
        CompletableFuture<String> price = Retry.retrying(() -> {
            if (starts.incrementAndGet() == 1) {
                throw refused;
            }
            return calls.get();
        }, THREE_QUICK, failure -> failure instanceof Flaky, AllFailed::new, timers);

        await().until(() -> calls.count() == 1);
        calls.call(1).complete("9.50");

        assertThat(price).isCompletedWithValue("9.50");
        assertThat(starts).as("attempts").hasValue(2);
    }

    @Test
    void aRetryDueAsTheCallerCancelsIsNotMade() {
        Queued executor = new Queued();
        CompletableFuture<String> price = Retry.retrying(calls, THREE_QUICK, failure -> true, AllFailed::new,
                executor);
        calls.call(1).completeExceptionally(new Flaky("1"));
        await().until(() -> executor.waiting() == 1);

        price.cancel(true);
        executor.runAll();

        assertThat(calls.count()).as("calls made").isEqualTo(1);
    }

    @Test
    void aCancelledAttemptIsNotRetriedNorPausedFor() {
        Queued executor = new Queued();
        CompletableFuture<String> price = Retry.retrying(calls, THREE_QUICK, failure -> true, AllFailed::new,
                executor);

        price.cancel(true);
        Queued.afterTimersSetFor(THREE_QUICK.firstBackoff());

        assertThat(calls.call(1)).isCancelled();
        assertThat(executor.waiting()).as("retries handed to the executor").isZero();
    }

    @Test
    void cancellingDuringAnAttemptCancelsItsCall() {
        CompletableFuture<String> price = retrying(THREE_SLOW);

        price.cancel(true);

        assertThat(calls.call(1)).isCancelled();
        assertThat(calls.count()).as("calls made").isEqualTo(1);
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
    void oneAttemptAndThirtyOneAreTheBounds() {
        assertThat(new Retry.Backoff(1, Duration.ofMillis(1), 0).attempts()).isEqualTo(1);
        assertThat(new Retry.Backoff(31, Duration.ofMillis(1), 0).pauseBefore(30))
                .isEqualTo(Duration.ofMillis(1L << 29));
    }

    @Test
    void aBackoffOutOfRangeIsAMistake() {
        assertThatThrownBy(() -> new Retry.Backoff(0, Duration.ofMillis(1), 0))
                .hasMessage("attempts must be between 1 and 31, got 0");
        assertThatThrownBy(() -> new Retry.Backoff(32, Duration.ofMillis(1), 0))
                .hasMessage("attempts must be between 1 and 31, got 32");
        assertThatThrownBy(() -> new Retry.Backoff(3, Duration.ZERO, 0))
                .hasMessage("first backoff must be positive, got PT0S");
        assertThatThrownBy(() -> new Retry.Backoff(3, Duration.ofMillis(1), 1))
                .hasMessage("jitter must be at least 0 and below 1, got 1.0");
        assertThatThrownBy(() -> THREE_QUICK.pauseBefore(3)).hasMessage("retry must be between 1 and 2, got 3");
    }

    private CompletableFuture<String> retrying(Retry.Backoff backoff) {
        return Retry.retrying(calls, backoff, failure -> failure instanceof Flaky, AllFailed::new, timers);
    }

    /** A failure worth another attempt. */
    static final class Flaky extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Flaky(String message) {
            super(message);
        }
    }
}
