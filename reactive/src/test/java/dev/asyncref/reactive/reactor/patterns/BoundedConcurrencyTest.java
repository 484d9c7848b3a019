package dev.asyncref.reactive.reactor.patterns;

import static dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.reactor.DroppedErrors;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Every call is answered by the test, on the test's thread unless it says otherwise. */
class BoundedConcurrencyTest {

    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final Calls<String> calls = new Calls<>();

    @Test
    void neverMoreThanTheLimitInFlightAndTheResultsInTheItemsOrder() {
        StepVerifier.create(BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.mono()))
                .then(() -> assertThat(calls.count()).as("subscribed at once").isEqualTo(2))
                .then(() -> calls.answer(2, "B"))
                .then(() -> assertThat(calls.count()).as("one more once one answered").isEqualTo(3))
                .then(() -> assertThat(calls.inFlight()).isEqualTo(2))
                .then(() -> IntStream.rangeClosed(3, 5).forEach(call -> calls.answer(call, ITEMS.get(call - 1)
                        .toUpperCase())))
                .then(() -> assertThat(calls.inFlight()).isOne())
                .then(() -> calls.answer(1, "A"))
                .expectNext(List.of("A", "B", "C", "D", "E"))
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void aLaterCallIsMadeOnTheThreadThatBroughtTheAnswerBeforeIt() {
        StepVerifier.create(BoundedConcurrency.inOrder(List.of("a", "b"), 1, item -> calls.mono()))
                .then(() -> answerOn("downstream", () -> calls.answer(1, "A")))
                .then(() -> calls.answer(2, "B"))
                .expectNext(List.of("A", "B"))
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(calls.thread(2)).isEqualTo("downstream");
    }

    @Test
    void theFirstFailureCancelsTheCallsInFlightBeforeItIsDeliveredAndStartsNoMore() {
        IllegalStateException burnt = new IllegalStateException("burnt");

        StepVerifier.create(BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.mono()))
                .then(() -> calls.fail(1, burnt))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isSameAs(burnt);
                    assertThat(calls.inFlight()).as("calls in flight when the failure was delivered").isZero();
                })
                .verify(HANG_GUARD);
        assertThat(calls.cancelled(2)).isTrue();
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    /**
     * A failure that crosses the first one's cancel is let through by nobody: flatMap, already ended, would drop it
     * to Hooks.onErrorDropped, which logs it at ERROR (and fails this test, through {@link DroppedErrors}).
     */
    @Test
    void aFailureCrossingTheFirstFailuresCancelReachesNobody() {
        Calls<String> crossing = Calls.crossingTheCancel();
        IllegalStateException burnt = new IllegalStateException("burnt");

        StepVerifier.create(BoundedConcurrency.inOrder(ITEMS, 2, item -> crossing.mono()))
                .then(() -> crossing.fail(1, burnt))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(burnt).hasNoSuppressedExceptions())
                .verify(HANG_GUARD);

        assertThat(crossing.cancelled(2)).isTrue();
        crossing.fail(2, new IllegalStateException("burnt too, as it was cancelled"));
    }

    /** The trap of per-subscription state: a guard made when the Mono is built would hang the second run. */
    @Test
    void eachSubscriptionIsARunOfItsOwnThatFailsOnItsOwnFirstFailure() {
        Mono<List<String>> batch = BoundedConcurrency.inOrder(List.of("a", "b"), 2, item -> calls.mono());

        for (int run = 0; run < 2; run++) {
            int first = calls.count() + 1;
            IllegalStateException burnt = new IllegalStateException("burnt in run " + run);
            StepVerifier.create(batch)
                    .then(() -> calls.fail(first, burnt))
                    .expectErrorSatisfies(error -> assertThat(error).isSameAs(burnt))
                    .verify(HANG_GUARD);
        }
    }

    @Test
    void collectingAllTurnsEachFailureIntoThatItemsResultAndStopsNothing() {
        StepVerifier.create(BoundedConcurrency.inOrderCollectingAll(ITEMS, 2, item -> calls.mono(),
                        (item, failure) -> item + " failed: " + failure.getMessage()))
                .then(() -> calls.fail(1, new IllegalStateException("burnt")))
                .then(() -> IntStream.rangeClosed(2, 5).forEach(call -> calls.answer(call, ITEMS.get(call - 1)
                        .toUpperCase())))
                .expectNext(List.of("a failed: burnt", "B", "C", "D", "E"))
                .expectComplete()
                .verify(HANG_GUARD);
        assertThat(calls.cancelled()).isZero();
    }

    @Test
    void cancellingCancelsTheCallsInFlightAndStartsNoMore() {
        StepVerifier.create(BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.mono()))
                .then(() -> assertThat(calls.inFlight()).isEqualTo(2))
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(calls.cancelled()).isEqualTo(2);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    @Test
    void tenThousandAnswersAtHandDoNotOverflowTheStack() {
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

        StepVerifier.create(BoundedConcurrency.inOrder(items, 3, Mono::just))
                .expectNext(items)
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void noItemsIsNoCall() {
        StepVerifier.create(BoundedConcurrency.inOrder(List.<String>of(), 2, item -> calls.mono()))
                .expectNext(List.of())
                .expectComplete()
                .verify(HANG_GUARD);
        assertThat(calls.count()).isZero();
    }

    @Test
    void aLimitThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> BoundedConcurrency.inOrder(ITEMS, 0, item -> calls.mono()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
        assertThatThrownBy(() -> BoundedConcurrency.inOrderCollectingAll(ITEMS, 0, item -> calls.mono(),
                (item, failure) -> item))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
    }

    private static void answerOn(String thread, Runnable answer) {
        try {
            Thread.ofPlatform().name(thread).start(answer).join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
