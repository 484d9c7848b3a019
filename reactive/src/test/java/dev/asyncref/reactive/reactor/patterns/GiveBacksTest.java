package dev.asyncref.reactive.reactor.patterns;

import static dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.reactive.reactor.DroppedErrors;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Give-backs made on the test's thread, answered by the test. */
class GiveBacksTest {

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final Calls<String> release = new Calls<>();
    private final Calls<String> refund = new Calls<>();
    private final Calls<String> cancelBooking = new Calls<>();
    private final Queue<Throwable> unheard = new ConcurrentLinkedQueue<>();
    private final GiveBacks giveBacks = new GiveBacks(unheard::add);

    @Test
    void everythingIsGivenBackLatestFirstOneAtATime() {
        acquireAllThree();

        StepVerifier.create(giveBacks.giveBackAll())
                .then(() -> assertThat(List.of(cancelBooking.count(), refund.count(), release.count()))
                        .containsExactly(1, 0, 0))
                .then(() -> cancelBooking.answer(1, "cancelled"))
                .then(() -> assertThat(List.of(refund.count(), release.count())).containsExactly(1, 0))
                .then(() -> refund.answer(1, "refunded"))
                .then(() -> release.answer(1, "released"))
                .expectNext(List.of())
                .expectComplete()
                .verify(HANG_GUARD);
    }

    @Test
    void nothingIsGivenBackBeforeSubscribed() {
        acquireAllThree();

        giveBacks.giveBackAll();

        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(0, 0, 0);
    }

    @Test
    void aFailedGiveBackStopsNoOtherAndIsSignalledAsAValueNotAsAnError() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        StepVerifier.create(giveBacks.giveBackAll())
                .then(() -> cancelBooking.answer(1, "cancelled"))
                .then(() -> refund.fail(1, declined))
                .then(() -> release.answer(1, "released"))
                .expectNext(List.of(declined))
                .expectComplete()
                .verify(HANG_GUARD);
        assertThat(unheard).as("heard by the subscriber, not reported elsewhere").isEmpty();
    }

    @Test
    void somethingAcquiredAfterTheGiveBacksBeganIsGivenBackAtOnceAndItsFailureGoesToUnheard() {
        StepVerifier.create(giveBacks.giveBackAll()).expectNext(List.of()).expectComplete().verify(HANG_GUARD);
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.acquired(refund.mono());
        refund.fail(1, declined);

        assertThat(unheard).containsExactly(declined);
    }

    @Test
    void nothingIsGivenBackTwice() {
        acquireAllThree();
        StepVerifier.create(giveBacks.giveBackAll())
                .then(() -> cancelBooking.answer(1, "cancelled"))
                .then(() -> refund.answer(1, "refunded"))
                .then(() -> release.answer(1, "released"))
                .expectNext(List.of())
                .expectComplete()
                .verify(HANG_GUARD);

        StepVerifier.create(giveBacks.giveBackAll()).expectNext(List.of()).expectComplete().verify(HANG_GUARD);
        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(1, 1, 1);
    }

    @Test
    void givingBackForNobodyTellsUnheardOfEachFailureAndCompletes() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        StepVerifier.create(giveBacks.giveBackAllUnheard())
                .then(() -> cancelBooking.answer(1, "cancelled"))
                .then(() -> refund.fail(1, declined))
                .then(() -> release.answer(1, "released"))
                .expectComplete()
                .verify(HANG_GUARD);
        assertThat(unheard).containsExactly(declined);
    }

    /**
     * As the Javadoc's snippet uses it: the caller cancels while a step is in flight, and usingWhen gives back
     * through a subscription of its own, which the cancel does not reach.
     */
    @Test
    void settledByUsingWhenACancelGivesBackToTheEndWithoutCancellingTheGiveBack() {
        Calls<String> step = new Calls<>();

        StepVerifier.create(Mono.usingWhen(Mono.just(giveBacks),
                        records -> {
                            records.acquired(release.mono());
                            return step.mono();
                        },
                        records -> Mono.empty(),
                        (records, failure) -> records.giveBackAll(),
                        GiveBacks::giveBackAllUnheard))
                .then(() -> assertThat(step.inFlight()).as("steps in flight").isOne())
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(step.cancelled(1)).as("the step in flight").isTrue();
        assertThat(release.count()).as("give-backs made").isOne();
        assertThat(release.cancelled(1)).as("the give-back, by the caller's cancel").isFalse();
        release.answer(1, "released");
        assertThat(unheard).isEmpty();
    }

    private void acquireAllThree() {
        giveBacks.acquired(release.mono());
        giveBacks.acquired(refund.mono());
        giveBacks.acquired(cancelBooking.mono());
    }
}
