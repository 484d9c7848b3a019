package dev.asyncref.reactive.reactor.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.reactor.DroppedErrors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class FirstSuccessTest {

    // verify() alone would wait forever: the duration turns a hang into a failure and asserts no timing.
    static final Duration HANG_GUARD = Duration.ofSeconds(10);

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final Calls<String> calls = new Calls<>();

    @Test
    void nothingIsCalledUntilSubscribedThenEveryAlternativeAtOnce() {
        Mono<String> first = race();
        assertThat(calls.count()).as("calls made when built").isZero();

        StepVerifier.create(first)
                .then(() -> assertThat(calls.count()).as("calls made when subscribed").isEqualTo(3))
                .thenCancel()
                .verify(HANG_GUARD);
    }

    @Test
    void theFirstValueWinsAndTheLosersAreCancelledBeforeItIsDelivered() {
        StepVerifier.create(race())
                .then(() -> calls.answer(2, "second"))
                .consumeNextWith(value -> {
                    assertThat(value).isEqualTo("second");
                    assertThat(calls.inFlight()).as("calls in flight when the value was delivered").isZero();
                })
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(calls.cancelled()).as("losers").isEqualTo(2);
    }

    @Test
    void aFailureOnlyLoses() {
        StepVerifier.create(race())
                .then(() -> calls.fail(1, new IllegalStateException("down")))
                .then(() -> calls.answer(3, "third"))
                .expectNext("third")
                .expectComplete()
                .verify(HANG_GUARD);
    }

    /** Mono.firstWithValue would list them by position: a, b, c. */
    @Test
    void whenAllFailTheCallersExceptionCarriesEveryFailureInTheOrderTheyFailed() {
        List<IllegalStateException> failures = List.of(new IllegalStateException("c"),
                new IllegalStateException("a"), new IllegalStateException("b"));

        StepVerifier.create(race())
                .then(() -> calls.fail(3, failures.get(0)))
                .then(() -> calls.fail(1, failures.get(1)))
                .then(() -> calls.fail(2, failures.get(2)))
                .expectErrorSatisfies(error -> assertThat(error).isExactlyInstanceOf(AllFailed.class)
                        .satisfies(failed -> assertThat(failed.getSuppressed()).containsExactlyElementsOf(failures)))
                .verify(HANG_GUARD);
    }

    /** Mono.firstWithValue hands a single source's error on as it is. */
    @Test
    void aSingleAlternativesFailureIsTheCallersExceptionToo() {
        IllegalStateException down = new IllegalStateException("down");

        StepVerifier.create(FirstSuccess.firstSuccess(List.of(calls.mono()), AllFailed::new))
                .then(() -> calls.fail(1, down))
                .expectErrorSatisfies(error -> assertThat(error).isExactlyInstanceOf(AllFailed.class)
                        .satisfies(failed -> assertThat(failed.getSuppressed()).containsExactly(down)))
                .verify(HANG_GUARD);
    }

    @Test
    void cancellingTheSubscriptionCancelsEveryCall() {
        StepVerifier.create(race())
                .then(() -> assertThat(calls.inFlight()).isEqualTo(3))
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(calls.cancelled()).isEqualTo(3);
    }

    /** The trap of per-subscription state: a failure list made when the Mono is built would carry four. */
    @Test
    void eachSubscriptionRacesAfreshAndReportsOnlyItsOwnFailures() {
        Mono<String> first = FirstSuccess.firstSuccess(List.of(calls.mono(), calls.mono()), AllFailed::new);

        for (int run = 0; run < 2; run++) {
            int before = calls.count();
            StepVerifier.create(first)
                    .then(() -> calls.fail(before + 1, new IllegalStateException("a")))
                    .then(() -> calls.fail(before + 2, new IllegalStateException("b")))
                    .expectErrorSatisfies(error -> assertThat(error.getSuppressed()).hasSize(2))
                    .verify(HANG_GUARD);
        }
        assertThat(calls.count()).as("calls made by two runs").isEqualTo(4);
    }

    /** The trap: Mono.firstWithSignal, as {@code or}, takes the first signal, and a quick failure is one. */
    @Test
    void firstWithSignalLetsAQuickFailureWinTheRace() {
        IllegalStateException down = new IllegalStateException("down");

        StepVerifier.create(Mono.firstWithSignal(calls.mono(), calls.mono()))
                .then(() -> calls.fail(1, down))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(down))
                .verify(HANG_GUARD);
        assertThat(calls.cancelled(2)).as("the alternative that might have answered").isTrue();
    }

    @Test
    void noAlternativeIsAMistake() {
        assertThatThrownBy(() -> FirstSuccess.<String>firstSuccess(List.of(), AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no alternatives to race");
    }

    private Mono<String> race() {
        return FirstSuccess.firstSuccess(List.of(calls.mono(), calls.mono(), calls.mono()), AllFailed::new);
    }

    /** The caller's own exception for a race everyone lost: every failure suppressed in it, in order. */
    static final class AllFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AllFailed(List<Throwable> failures) {
            super("all " + failures.size() + " failed");
            failures.forEach(this::addSuppressed);
        }
    }
}
