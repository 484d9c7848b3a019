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

/** Pauses pass when the test moves the scheduler's clock, on a thread named {@code timer}. */
class RetryTest {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Retry.Backoff THREE = new Retry.Backoff(3, FIRST_PAUSE, 0);

    private final Calls<String> calls = new Calls<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Heard<String> heard = new Heard<>();
    private final Call<String> retried =
            Retry.retrying(calls, THREE, failure -> failure instanceof Flaky, AllFailed::new, scheduler);

    @Test
    void aRetryableFailureIsRetriedFromTheSchedulersThreadAfterItsPauseAndTheFirstAnswerDelivered()
            throws InterruptedException {
        retried.start(heard);

        calls.call(1).fail(new Flaky("1"));
        scheduler.advance(FIRST_PAUSE.minusNanos(1));
        assertThat(calls.count()).as("calls made just before the pause ends").isOne();
        scheduler.advanceOn("timer", Duration.ofNanos(1));
        calls.call(2).succeed("9.50");

        assertThat(heard.outcome()).isEqualTo("9.50");
        assertThat(calls.call(2).thread()).as("the retry started by").isEqualTo("timer");
    }

    @Test
    void whenEveryAttemptFailsTheCallersExceptionCarriesEveryFailureInOrderAndNothingFollows() {
        retried.start(heard);
        List<Flaky> failures = List.of(new Flaky("1"), new Flaky("2"), new Flaky("3"));

        for (int attempt = 1; attempt <= 3; attempt++) {
            calls.call(attempt).fail(failures.get(attempt - 1));
            scheduler.advance(Duration.ofHours(1));
        }

        assertThat(heard.outcome()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(((Throwable) failure).getSuppressed())
                        .containsExactlyElementsOf(failures));
        assertThat(calls.count()).as("calls made").isEqualTo(3);
        assertThat(scheduler.waiting()).as("timers left").isZero();
    }

    @Test
    void aFailureNotWorthRetryingEndsTheRetriesAtOnce() {
        retried.start(heard);
        IllegalArgumentException rejected = new IllegalArgumentException("no such sku");

        calls.call(1).fail(rejected);

        assertThat(heard.outcome()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(((Throwable) failure).getSuppressed()).containsExactly(rejected));
        assertThat(scheduler.waiting()).as("timers left").isZero();
    }

    @Test
    void oneAttemptMeansNoRetry() {
        Flaky only = new Flaky("1");
        Retry.retrying(calls, new Retry.Backoff(1, FIRST_PAUSE, 0), failure -> true, AllFailed::new, scheduler)
                .start(heard);

        calls.call(1).fail(only);

        assertThat(heard.outcome()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(((Throwable) failure).getSuppressed()).containsExactly(only));
        assertThat(scheduler.waiting()).as("timers left").isZero();
    }

    @Test
    void pausesGrowTwofold() {
        retried.start(heard);

        calls.call(1).fail(new Flaky("1"));
        scheduler.advance(FIRST_PAUSE);
        calls.call(2).fail(new Flaky("2"));

        assertThat(scheduler.delays()).containsExactly(FIRST_PAUSE, FIRST_PAUSE.multipliedBy(2));
    }

    @Test
    void cancellingDuringAnAttemptCancelsItsCallAndNothingFollows() {
        Cancellable price = retried.start(heard);

        price.cancel();

        assertThat(calls.call(1).cancelled()).isTrue();
        assertThat(scheduler.waiting()).as("timers left").isZero();
        assertThat(heard.nothing()).isTrue();
    }

    /**
     * The trap: a client that reports its cancelled call as a failure (a future's {@code CancellationException},
     * say) must not have it retried, restarting the very call the caller stopped.
     */
    @Test
    void aCancelledAttemptReportedAsAFailureIsNeverRetried() {
        Cancellable price = retried.start(heard);

        price.cancel();
        calls.call(1).fail(new Flaky("cancelled"));
        scheduler.advance(Duration.ofHours(1));

        assertThat(calls.count()).as("calls made").isOne();
        assertThat(heard.nothing()).isTrue();
    }

    @Test
    void cancellingDuringAPauseTakesItsTimerAndStartsNoAttempt() {
        Cancellable price = retried.start(heard);
        calls.call(1).fail(new Flaky("1"));
        assertThat(scheduler.waiting()).as("the pause").isOne();

        price.cancel();

        assertThat(scheduler.waiting()).as("timers left").isZero();
        scheduler.advance(Duration.ofHours(1));
        assertThat(calls.count()).as("calls made").isOne();
        assertThat(heard.nothing()).isTrue();
    }

    /** The trap of a timer's thread: what the caller's callback throws there is kept by the timer, unread. */
    @Test
    void whatTheCallbackThrowsOnTheSchedulersThreadReachesItsUncaughtExceptionHandler() throws InterruptedException {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("the caller's bug");
        AtomicInteger attempts = new AtomicInteger();
        Call<String> answersAtHandTheSecondTime = callback -> {
            if (attempts.incrementAndGet() == 1) {
                return calls.start(callback);
            }
            callback.onSuccess("9.50");
            return () -> {};
        };
        Retry.retrying(answersAtHandTheSecondTime, THREE, failure -> true, AllFailed::new, scheduler)
                .start(Callback.of(value -> {
                    throw thrown;
                }, failure -> {}));
        calls.call(1).fail(new Flaky("1"));

        Thread.ofPlatform().uncaughtExceptionHandler((thread, failure) -> uncaught.add(failure))
                .start(() -> scheduler.advance(FIRST_PAUSE)).join();

        assertThat(uncaught).containsExactly(thrown);
    }

    @Test
    void pausesStrayByAtMostTheJitter() {
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
        assertThatThrownBy(() -> new Retry.Backoff(3, Duration.ZERO, 0))
                .hasMessage("first backoff must be positive, got PT0S");
        assertThatThrownBy(() -> new Retry.Backoff(3, Duration.ofMillis(1), 1))
                .hasMessage("jitter must be at least 0 and below 1, got 1.0");
        assertThatThrownBy(() -> THREE.pauseBefore(3)).hasMessage("retry must be between 1 and 2, got 3");
    }

    /** Thirty-one attempts, the most: the last pause, before retry 30, is 2^29 times the first. */
    @Test
    void thirtyOneAttemptsAreInRange() {
        assertThat(new Retry.Backoff(31, FIRST_PAUSE, 0).pauseBefore(30)).isEqualTo(FIRST_PAUSE.multipliedBy(1L << 29));
    }

    /** A failure worth another attempt. */
    static final class Flaky extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Flaky(String message) {
            super(message);
        }
    }
}
