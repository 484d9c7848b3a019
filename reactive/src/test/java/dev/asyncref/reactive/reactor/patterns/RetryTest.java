package dev.asyncref.reactive.reactor.patterns;

import static dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.reactor.DroppedErrors;
import dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.AllFailed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Pauses run on virtual time: longer than the hang guard, they can only pass because the test says so. */
class RetryTest {

    private static final Duration BACKOFF = Duration.ofMinutes(1);
    private static final Retry.Backoff THREE_EXACT = new Retry.Backoff(3, BACKOFF, 0);

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final Calls<String> calls = new Calls<>();

    @AfterEach
    void restoreTheClock() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void aRetryableFailureIsRetriedWhenItsPauseEndsAndNotBefore() {
        StepVerifier.withVirtualTime(() -> retrying(THREE_EXACT))
                .expectSubscription()
                .then(() -> calls.fail(1, new Flaky("1")))
                .expectNoEvent(BACKOFF.minusNanos(1))
                .then(() -> assertThat(calls.count()).as("no retry before the first backoff").isOne())
                .thenAwait(Duration.ofNanos(1))
                .then(() -> calls.fail(2, new Flaky("2")))
                .expectNoEvent(BACKOFF.multipliedBy(2).minusNanos(1))
                .then(() -> assertThat(calls.count()).as("no retry before twice the first backoff").isEqualTo(2))
                .thenAwait(Duration.ofNanos(1))
                .then(() -> calls.answer(3, "9.50"))
                .expectNext("9.50")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    /** Retry.backoff alone would fail with its RetryExhaustedException around the last failure. */
    @Test
    void whenEveryAttemptFailsTheCallersExceptionCarriesEveryFailureInOrder() {
        List<Flaky> failures = List.of(new Flaky("1"), new Flaky("2"), new Flaky("3"));

        StepVerifier.withVirtualTime(() -> retrying(THREE_EXACT))
                .expectSubscription()
                .then(() -> calls.fail(1, failures.get(0)))
                .thenAwait(BACKOFF)
                .then(() -> calls.fail(2, failures.get(1)))
                .thenAwait(BACKOFF.multipliedBy(2))
                .then(() -> calls.fail(3, failures.get(2)))
                .expectErrorSatisfies(error -> {
                    assertThat(Exceptions.isRetryExhausted(error)).isFalse();
                    assertThat(error).isExactlyInstanceOf(AllFailed.class);
                    assertThat(error.getSuppressed()).containsExactlyElementsOf(failures);
                })
                .verify(HANG_GUARD);
        assertThat(calls.count()).as("calls made").isEqualTo(3);
    }

    @Test
    void aFailureNotWorthRetryingEndsTheRetriesAtOnce() {
        IllegalArgumentException rejected = new IllegalArgumentException("no such sku");

        StepVerifier.withVirtualTime(() -> retrying(THREE_EXACT))
                .expectSubscription()
                .then(() -> calls.fail(1, rejected))
                .expectErrorSatisfies(error -> assertThat(error).isExactlyInstanceOf(AllFailed.class)
                        .satisfies(failed -> assertThat(failed.getSuppressed()).containsExactly(rejected)))
                .verify(HANG_GUARD);
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void cancellingDuringAnAttemptCancelsItsCallAndRetriesNothing() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();

        StepVerifier.create(retrying(THREE_EXACT))
                .then(() -> assertThat(calls.inFlight()).isOne())
                .thenCancel()
                .verify(HANG_GUARD);

        clock.advanceTimeBy(BACKOFF.multipliedBy(100));
        assertThat(calls.cancelled(1)).isTrue();
        assertThat(calls.count()).as("calls made").isOne();
    }

    @Test
    void cancellingDuringAPauseLeavesNoAttemptOnTheClock() {
        // Installed here and not by withVirtualTime, which disposes its clock when it ends: this one must outlive
        // the verification, to show that the cancel left nothing on it.
        VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();

        StepVerifier.create(retrying(THREE_EXACT))
                .expectSubscription()
                .then(() -> calls.fail(1, new Flaky("1")))
                .thenCancel()
                .verify(HANG_GUARD);

        clock.advanceTimeBy(BACKOFF.multipliedBy(100));
        assertThat(calls.count()).as("attempts after the cancel, however long the clock runs").isOne();
    }

    /** The trap of per-subscription state: a failure list made when the Mono is built would carry both runs'. */
    @Test
    void eachSubscriptionRetriesAfreshAndReportsOnlyItsOwnFailures() {
        Mono<String> price = Retry.retrying(calls.mono(), new Retry.Backoff(2, BACKOFF, 0),
                failure -> failure instanceof Flaky, AllFailed::new);

        for (int run = 0; run < 2; run++) {
            int before = calls.count();
            StepVerifier.withVirtualTime(() -> price)
                    .expectSubscription()
                    .then(() -> calls.fail(before + 1, new Flaky("1")))
                    .thenAwait(BACKOFF)
                    .then(() -> calls.fail(before + 2, new Flaky("2")))
                    .expectErrorSatisfies(error -> assertThat(error.getSuppressed()).hasSize(2))
                    .verify(HANG_GUARD);
        }
    }

    /** Retry.backoff's jitter never takes a pause below the first backoff: the first retry's only lengthens it. */
    @Test
    void aJitteredFirstPauseIsNeverShorterThanTheFirstBackoffNorLongerThanItsJitterAllows() {
        StepVerifier.withVirtualTime(() -> retrying(new Retry.Backoff(2, BACKOFF, 0.5)))
                .expectSubscription()
                .then(() -> calls.fail(1, new Flaky("1")))
                .expectNoEvent(BACKOFF.minusNanos(1))
                .then(() -> assertThat(calls.count()).as("no retry before the first backoff").isOne())
                .thenAwait(BACKOFF.dividedBy(2))
                .then(() -> assertThat(calls.count()).as("the retry, by one and a half backoffs").isEqualTo(2))
                .then(() -> calls.answer(2, "9.50"))
                .expectNext("9.50")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void pausesGrowTwofoldAndStrayByAtMostTheJitterNeverBelowTheFirstBackoff() {
        Retry.Backoff exact = new Retry.Backoff(4, Duration.ofMillis(100), 0);
        Retry.Backoff jittered = new Retry.Backoff(4, Duration.ofMillis(100), 0.75);

        assertThat(List.of(exact.pauseBefore(1), exact.pauseBefore(2), exact.pauseBefore(3)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        for (int draw = 0; draw < 100; draw++) {
            assertThat(jittered.pauseBefore(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(175));
            assertThat(jittered.pauseBefore(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(350));
            assertThat(jittered.pauseBefore(3)).isBetween(Duration.ofMillis(100), Duration.ofMillis(700));
        }
    }

    @Test
    void aPauseThatWouldPassTheLongestIsTheLongestAndOneJustShortOfItIsDoubledExactly() {
        long longest = Long.MAX_VALUE / 4;
        Retry.Backoff justShort = new Retry.Backoff(3, Duration.ofNanos(longest / 2), 0);
        Retry.Backoff justOver = new Retry.Backoff(3, Duration.ofNanos(longest / 2 + 1), 0);

        assertThat(justShort.pauseBefore(1)).isEqualTo(Duration.ofNanos(longest / 2));
        assertThat(justShort.pauseBefore(2)).isEqualTo(Duration.ofNanos(longest / 2 * 2));
        assertThat(justOver.pauseBefore(2)).isEqualTo(Duration.ofNanos(longest));
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
        assertThatThrownBy(() -> THREE_EXACT.pauseBefore(3)).hasMessage("retry must be between 1 and 2, got 3");
    }

    private Mono<String> retrying(Retry.Backoff backoff) {
        return Retry.retrying(calls.mono(), backoff, failure -> failure instanceof Flaky, AllFailed::new);
    }

    /** A failure worth another attempt. */
    static final class Flaky extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Flaky(String message) {
            super(message);
        }
    }
}
