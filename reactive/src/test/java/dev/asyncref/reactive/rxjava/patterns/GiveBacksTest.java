package dev.asyncref.reactive.rxjava.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.reactive.rxjava.UndeliverableErrors;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Give-backs whose calls the test answers by hand, each a call of its own client. */
class GiveBacksTest {

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final Calls<String> release = new Calls<>();
    private final Calls<String> refund = new Calls<>();
    private final Calls<String> cancelBooking = new Calls<>();
    private final Queue<Throwable> unheard = new ConcurrentLinkedQueue<>();
    private final GiveBacks giveBacks = new GiveBacks(unheard::add);

    @Test
    void everythingIsGivenBackLatestFirstOneAtATimeOnceSubscribed() {
        acquireAllThree();

        Single<List<Throwable>> givingBack = giveBacks.giveBackAll();
        assertThat(callsMade()).as("before the subscription").containsExactly(0, 0, 0);
        TestObserver<List<Throwable>> failures = givingBack.test();
        assertThat(callsMade()).containsExactly(1, 0, 0);
        cancelBooking.call(1).onSuccess("cancelled");
        assertThat(callsMade()).containsExactly(1, 1, 0);
        refund.call(1).onSuccess("refunded");
        release.call(1).onSuccess("released");

        failures.assertResult(List.of());
    }

    @Test
    void aFailedGiveBackStopsNoOtherAndIsReported() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        TestObserver<List<Throwable>> failures = giveBacks.giveBackAll().test();
        cancelBooking.call(1).onSuccess("cancelled");
        refund.call(1).onError(declined);
        release.call(1).onSuccess("released");

        failures.assertResult(List.of(declined));
        assertThat(unheard).as("heard by the subscriber, not reported elsewhere").isEmpty();
    }

    @Test
    void disposingTheWaitingStopsNoGiveBack() {
        acquireAllThree();
        TestObserver<List<Throwable>> failures = giveBacks.giveBackAll().test();

        failures.dispose();
        cancelBooking.call(1).onSuccess("cancelled");
        refund.call(1).onSuccess("refunded");
        release.call(1).onSuccess("released");

        assertThat(callsMade()).containsExactly(1, 1, 1);
        assertThat(List.of(cancelBooking.cancelled(), refund.cancelled(), release.cancelled()))
                .as("give-backs cancelled").containsExactly(0L, 0L, 0L);
        failures.assertEmpty();
    }

    /** The trap: a give-back chained into the operation is disposed with it, mid-refund. */
    @Test
    void aGiveBackChainedIntoTheOperationIsCancelledWithIt() {
        IllegalStateException failed = new IllegalStateException("booking failed");
        TestObserver<String> operation = Single.<String>error(failed)
                .onErrorResumeNext(failure -> refund.single().ignoreElement().andThen(Single.error(failure)))
                .test();

        operation.dispose();

        assertThat(refund.isCancelled(1)).as("the refund").isTrue();
    }

    @Test
    void somethingAcquiredAfterTheGiveBacksBeganIsGivenBackAtOnceAndItsFailureReportedAsUnheard() {
        giveBacks.giveBackAll().test();
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.acquired(giveBack(refund));
        refund.call(1).onError(declined);

        assertThat(unheard).containsExactly(declined);
    }

    @Test
    void nothingIsGivenBackTwice() {
        acquireAllThree();
        giveBacks.giveBackAll().test();
        cancelBooking.call(1).onSuccess("cancelled");
        refund.call(1).onSuccess("refunded");
        release.call(1).onSuccess("released");

        giveBacks.giveBackAll().test().assertResult(List.of());
        giveBacks.giveBackAllUnheard();

        assertThat(callsMade()).containsExactly(1, 1, 1);
    }

    @Test
    void givingBackForNobodyReportsEachFailureAsUnheardAsItHappens() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.giveBackAllUnheard();
        cancelBooking.call(1).onSuccess("cancelled");
        refund.call(1).onError(declined);

        assertThat(unheard).containsExactly(declined);
        assertThat(release.count()).as("the release, after the failed refund").isOne();
    }

    private void acquireAllThree() {
        giveBacks.acquired(giveBack(release));
        giveBacks.acquired(giveBack(refund));
        giveBacks.acquired(giveBack(cancelBooking));
    }

    private static Completable giveBack(Calls<String> calls) {
        return calls.single().ignoreElement();
    }

    /** Calls made so far: the booking's cancel, the refund, the release. */
    private List<Integer> callsMade() {
        return List.of(cancelBooking.count(), refund.count(), release.count());
    }
}
