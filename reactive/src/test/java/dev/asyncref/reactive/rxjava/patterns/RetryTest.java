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
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pauses on a {@link TestScheduler}'s clock, which only the test moves; no jitter, so each pause is exact. */
class RetryTest {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Retry.Backoff THREE = new Retry.Backoff(3, FIRST_BACKOFF, 0);

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final Calls<String> calls = new Calls<>();
    private final TestScheduler clock = new TestScheduler();

    @Test
    void aRetryableFailureIsRetriedWhenItsPauseEndsAndNotBefore() {
        TestObserver<String> price = retrying(calls.single()).test();

        calls.call(1).onError(new Flaky("1"));
        clock.advanceTimeBy(FIRST_BACKOFF.toNanos() - 1, NANOSECONDS);
        assertThat(calls.count()).as("calls during the pause").isOne();
        clock.advanceTimeBy(1, NANOSECONDS);
        assertThat(calls.count()).as("calls once the pause is over").isEqualTo(2);
        calls.call(2).onSuccess("9.50");

        price.assertResult("9.50");
    }

    @Test
    void eachPauseIsTwiceTheOneBefore() {
        retrying(calls.single()).test();
        calls.call(1).onError(new Flaky("1"));
        clock.advanceTimeBy(FIRST_BACKOFF.toNanos(), NANOSECONDS);

        calls.call(2).onError(new Flaky("2"));
        clock.advanceTimeBy(FIRST_BACKOFF.multipliedBy(2).toNanos() - 1, NANOSECONDS);
        assertThat(calls.count()).as("calls during the second pause").isEqualTo(2);
        clock.advanceTimeBy(1, NANOSECONDS);

        assertThat(calls.count()).as("calls once it is over").isEqualTo(3);
    }

    @Test
    void whenEveryAttemptFailsTheCallersExceptionCarriesEveryFailureInOrder() {
        TestObserver<String> price = retrying(calls.single()).test();
        List<Flaky> failures = List.of(new Flaky("1"), new Flaky("2"), new Flaky("3"));

        failEachAttempt(failures);

        price.assertError(failure -> failure instanceof AllFailed && suppressed(failure).equals(failures));
        clock.advanceTimeBy(1, DAYS);
        assertThat(calls.count()).as("calls made").isEqualTo(3);
    }

    @Test
    void aFailureNotWorthRetryingEndsTheRetriesAtOnce() {
        TestObserver<String> price = retrying(calls.single()).test();
        IllegalArgumentException rejected = new IllegalArgumentException("no such sku");

        calls.call(1).onError(rejected);

        price.assertError(failure -> failure instanceof AllFailed && suppressed(failure).equals(List.of(rejected)));
    }

    @Test
    void disposingDuringAnAttemptCancelsItsCallAndStartsNoOther() {
        TestObserver<String> price = retrying(calls.single()).test();

        price.dispose();
        clock.advanceTimeBy(1, DAYS);

        assertThat(calls.isCancelled(1)).isTrue();
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void disposingDuringAPauseStartsNoFurtherAttempt() {
        TestObserver<String> price = retrying(calls.single()).test();
        calls.call(1).onError(new Flaky("1"));

        price.dispose();
        clock.advanceTimeBy(1, DAYS);

        assertThat(calls.count()).as("calls made").isOne();
        price.assertEmpty();
    }

    /** Per-subscription state: one retrying Single subscribed twice runs twice, each with its own failures. */
    @Test
    void eachSubscriptionRetriesOnItsOwn() {
        Single<String> price = Retry.retrying(calls.single(), new Retry.Backoff(2, FIRST_BACKOFF, 0),
                failure -> failure instanceof Flaky, AllFailed::new, clock);
        TestObserver<String> one = price.test();
        TestObserver<String> other = price.test();
        List<Flaky> failures = List.of(new Flaky("one 1"), new Flaky("other 1"), new Flaky("one 2"),
                new Flaky("other 2"));

        calls.call(1).onError(failures.get(0));
        calls.call(2).onError(failures.get(1));
        clock.advanceTimeBy(FIRST_BACKOFF.toNanos(), NANOSECONDS); // one's retry is call 3, other's call 4
        calls.call(3).onError(failures.get(2));
        calls.call(4).onError(failures.get(3));

        one.assertError(failure -> suppressed(failure).equals(List.of(failures.get(0), failures.get(2))));
        other.assertError(failure -> suppressed(failure).equals(List.of(failures.get(1), failures.get(3))));
    }

    /** The trap: retry(n) resubscribes at once, with no pause for a service that is struggling. */
    @Test
    void retryResubscribesWithoutAPause() {
        calls.single().retry(2).test();

        calls.call(1).onError(new Flaky("1"));

        assertThat(calls.count()).as("calls made before any time passed").isEqualTo(2);
    }

    /** The trap: retryWhen's handler ending by completing turns the last failure into NoSuchElementException. */
    @Test
    void retryWhenEndedByCompletingLosesTheFailure() {
        TestObserver<String> price = calls.single().retryWhen(errors -> errors.take(1)).test();

        calls.call(1).onError(new Flaky("the one that mattered"));

        price.assertError(NoSuchElementException.class);
    }

    @Test
    void pausesGrowTwofoldAndStrayByAtMostTheJitter() {
        Retry.Backoff exact = new Retry.Backoff(4, FIRST_BACKOFF, 0);
        Retry.Backoff jittered = new Retry.Backoff(4, FIRST_BACKOFF, 0.5);

        assertThat(List.of(exact.pauseBefore(1), exact.pauseBefore(2), exact.pauseBefore(3)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        for (int draw = 0; draw < 100; draw++) {
            assertThat(jittered.pauseBefore(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
        }
    }

    @Test
    void aBackoffOutOfRangeIsAMistake() {
        assertThat(new Retry.Backoff(1, Duration.ofMillis(1), 0).attempts()).as("one attempt, no retry").isOne();
        assertThat(new Retry.Backoff(31, Duration.ofMillis(1), 0).attempts()).as("the most").isEqualTo(31);
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

    private Single<String> retrying(Single<String> call) {
        return Retry.retrying(call, THREE, failure -> failure instanceof Flaky, AllFailed::new, clock);
    }

    /** Fails each attempt in turn, letting each pause pass. */
    private void failEachAttempt(List<? extends Throwable> failures) {
        for (int attempt = 1; attempt <= failures.size(); attempt++) {
            assertThat(calls.count()).as("attempt %d made", attempt).isEqualTo(attempt);
            calls.call(attempt).onError(failures.get(attempt - 1));
            clock.advanceTimeBy(1, DAYS);
        }
    }

    private static List<Throwable> suppressed(Throwable failure) {
        return List.of(failure.getSuppressed());
    }

    /** A failure worth another attempt. */
    static final class Flaky extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Flaky(String message) {
            super(message);
        }
    }
}
