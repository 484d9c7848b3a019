package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Give-backs started on the thread that asks (the executor runs each task at once), answered by the test. */
class GiveBacksTest {

    private final Calls<String> release = new Calls<>();
    private final Calls<String> refund = new Calls<>();
    private final Calls<String> cancelBooking = new Calls<>();
    private final Queue<Throwable> unheard = new ConcurrentLinkedQueue<>();
    private final GiveBacks giveBacks = new GiveBacks(Runnable::run, unheard::add);

    @Test
    void everythingIsGivenBackLatestFirstOneAtATime() {
        acquireAllThree();

        CompletableFuture<List<Throwable>> failures = giveBacks.giveBackAll();
        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(1, 0, 0);
        cancelBooking.call(1).complete("cancelled");
        assertThat(List.of(refund.count(), release.count())).containsExactly(1, 0);
        refund.call(1).complete("refunded");
        release.call(1).complete("released");

        assertThat(failures).isCompletedWithValue(List.of());
    }

    @Test
    void aFailedGiveBackStopsNoOtherAndIsReported() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        CompletableFuture<List<Throwable>> failures = giveBacks.giveBackAll();
        cancelBooking.call(1).complete("cancelled");
        refund.call(1).completeExceptionally(declined);
        release.call(1).complete("released");

        assertThat(failures).isCompletedWithValue(List.of(declined));
        assertThat(unheard).as("heard by the caller, not reported elsewhere").isEmpty();
    }

    @Test
    void aGiveBackThatThrowsAsItStartsIsAFailedGiveBackAndStopsNoOther() {
        IllegalStateException refused = new IllegalStateException("refund refused");
        giveBacks.acquired(release);
        giveBacks.acquired(() -> {
            throw refused;
        });

        CompletableFuture<List<Throwable>> failures = giveBacks.giveBackAll();
        release.call(1).complete("released");

        assertThat(failures).isCompletedWithValue(List.of(refused));
    }

    @Test
    void somethingAcquiredAfterTheGiveBacksBeganIsGivenBackAtOnceAndItsFailureReportedAsUnheard() {
        giveBacks.giveBackAll();
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.acquired(refund);
        refund.call(1).completeExceptionally(declined);

        assertThat(unheard).containsExactly(declined);
    }

    @Test
    void nothingIsGivenBackTwice() {
        acquireAllThree();
        giveBacks.giveBackAll();
        cancelBooking.call(1).complete("cancelled");
        refund.call(1).complete("refunded");
        release.call(1).complete("released");

        assertThat(giveBacks.giveBackAll()).isCompletedWithValue(List.of());
        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(1, 1, 1);
    }

    @Test
    void givingBackForNobodyReportsEachFailureAsUnheard() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.giveBackAllUnheard();
        cancelBooking.call(1).complete("cancelled");
        refund.call(1).completeExceptionally(declined);
        release.call(1).complete("released");

        assertThat(unheard).containsExactly(declined);
    }

    private void acquireAllThree() {
        giveBacks.acquired(release);
        giveBacks.acquired(refund);
        giveBacks.acquired(cancelBooking);
    }
}
