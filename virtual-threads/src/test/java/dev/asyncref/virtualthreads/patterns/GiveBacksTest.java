package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Give-backs made on threads named {@code give-back}, answered by the test. */
@ExtendWith(NoPinnedThreads.class)
class GiveBacksTest {

    private final Calls<String> release = new Calls<>();
    private final Calls<String> refund = new Calls<>();
    private final Calls<String> cancelBooking = new Calls<>();
    private final Queue<Throwable> unheard = new ConcurrentLinkedQueue<>();
    private final GiveBacks giveBacks = new GiveBacks(Thread.ofVirtual().name("give-back").factory(), unheard::add);

    @Test
    void everythingIsGivenBackLatestFirstOneAtATimeOnAThreadOfItsOwn() {
        acquireAllThree();
        Caller<List<Throwable>> caller = Caller.start(this::inFlight, giveBacks::giveBackAll);

        cancelBooking.call(1);
        assertThat(List.of(refund.count(), release.count())).as("before the cancel answered").containsExactly(0, 0);
        cancelBooking.call(1).answer("cancelled");
        refund.call(1);
        assertThat(release.count()).as("before the refund answered").isZero();
        refund.call(1).answer("refunded");
        release.call(1).answer("released");

        assertThat(caller.value()).isEmpty();
        assertThat(cancelBooking.call(1).thread().getName()).isEqualTo("give-back");
    }

    @Test
    void aFailedGiveBackStopsNoOtherAndIsReturned() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");
        Caller<List<Throwable>> caller = Caller.start(this::inFlight, giveBacks::giveBackAll);

        cancelBooking.call(1).answer("cancelled");
        refund.call(1).fail(declined);
        release.call(1).answer("released");

        assertThat(caller.value()).containsExactly(declined);
        assertThat(unheard).as("heard by the caller, not reported elsewhere").isEmpty();
    }

    @Test
    void anInterruptNeitherStopsTheGiveBacksNorIsLost() {
        giveBacks.acquired(release);
        Caller<List<Throwable>> caller = Caller.start(this::inFlight, giveBacks::giveBackAll);
        release.call(1);

        caller.thread().interrupt();
        release.call(1).answer("released");

        assertThat(caller.value()).isEmpty();
        assertThat(release.call(1).cancelled()).as("the release, interrupted").isFalse();
        assertThat(caller.interruptedWhenDone()).as("the interrupt, pending once the give-backs are done").isTrue();
    }

    @Test
    void somethingAcquiredAfterTheGiveBacksBeganIsGivenBackAtOnceAndItsFailureGoesToUnheard() {
        giveBacks.giveBackAll();
        IllegalStateException declined = new IllegalStateException("refund declined");

        Caller<Void> caller = Caller.start(this::inFlight, () -> {
            giveBacks.acquired(refund);
            return null;
        });
        assertThat(caller.value()).as("returned at once").isNull();
        refund.call(1).fail(declined);

        eventually().until(() -> !unheard.isEmpty());
        assertThat(unheard).containsExactly(declined);
    }

    @Test
    void nothingIsGivenBackTwice() {
        acquireAllThree();
        Caller<List<Throwable>> first = Caller.start(this::inFlight, giveBacks::giveBackAll);
        cancelBooking.call(1).answer("cancelled");
        refund.call(1).answer("refunded");
        release.call(1).answer("released");
        first.value();

        assertThat(giveBacks.giveBackAll()).isEmpty();
        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(1, 1, 1);
    }

    @Test
    void givingBackForNobodyReturnsAtOnceAndReportsEachFailureAsUnheard() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        Caller<Void> caller = Caller.start(this::inFlight, () -> {
            giveBacks.giveBackAllUnheard();
            return null;
        });

        assertThat(caller.value()).as("returned before any give-back answered").isNull();
        cancelBooking.call(1).answer("cancelled");
        refund.call(1).fail(declined);
        release.call(1).answer("released");

        eventually().until(() -> !unheard.isEmpty());
        assertThat(unheard).containsExactly(declined);
    }

    private void acquireAllThree() {
        giveBacks.acquired(release);
        giveBacks.acquired(refund);
        giveBacks.acquired(cancelBooking);
    }

    private int inFlight() {
        return release.inFlight() + refund.inFlight() + cancelBooking.inFlight();
    }
}
