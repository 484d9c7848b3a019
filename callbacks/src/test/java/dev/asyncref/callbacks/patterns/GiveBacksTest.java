package dev.asyncref.callbacks.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Give-backs answered by the test, each on its own hand-answered client. */
class GiveBacksTest {

    private final Calls<String> release = new Calls<>();
    private final Calls<String> refund = new Calls<>();
    private final Calls<String> cancelBooking = new Calls<>();
    private final Queue<Throwable> unheard = new ConcurrentLinkedQueue<>();
    private final GiveBacks giveBacks = new GiveBacks(unheard::add);
    private final AtomicReference<List<Throwable>> failures = new AtomicReference<>();

    @Test
    void everythingIsGivenBackLatestFirstOneAtATime() {
        acquireAllThree();

        giveBacks.giveBackAll(failures::set);
        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(1, 0, 0);
        cancelBooking.call(1).succeed("cancelled");
        assertThat(List.of(refund.count(), release.count())).containsExactly(1, 0);
        refund.call(1).succeed("refunded");
        assertThat(failures).as("told before the last give-back answered").hasNullValue();
        release.call(1).succeed("released");

        assertThat(failures).hasValue(List.of());
    }

    @Test
    void aFailedGiveBackStopsNoOtherAndIsHandedOn() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.giveBackAll(failures::set);
        cancelBooking.call(1).succeed("cancelled");
        refund.call(1).fail(declined);
        release.call(1).succeed("released");

        assertThat(failures).hasValue(List.of(declined));
        assertThat(unheard).as("heard by the caller, not reported elsewhere").isEmpty();
    }

    @Test
    void somethingAcquiredAfterTheGiveBacksBeganIsGivenBackAtOnceAndItsFailureReportedAsUnheard() {
        giveBacks.giveBackAll(failures::set);
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.acquired(refund);
        refund.call(1).fail(declined);

        assertThat(unheard).containsExactly(declined);
        giveBacks.giveBackAllUnheard();
        assertThat(refund.count()).as("given back once").isOne();
    }

    @Test
    void nothingIsGivenBackTwice() {
        acquireAllThree();
        giveBacks.giveBackAll(failures::set);
        cancelBooking.call(1).succeed("cancelled");
        refund.call(1).succeed("refunded");
        release.call(1).succeed("released");

        giveBacks.giveBackAllUnheard();

        assertThat(List.of(cancelBooking.count(), refund.count(), release.count())).containsExactly(1, 1, 1);
    }

    @Test
    void givingBackForNobodyReportsEachFailureAsUnheard() {
        acquireAllThree();
        IllegalStateException declined = new IllegalStateException("refund declined");

        giveBacks.giveBackAllUnheard();
        cancelBooking.call(1).succeed("cancelled");
        refund.call(1).fail(declined);
        release.call(1).succeed("released");

        assertThat(unheard).containsExactly(declined);
    }

    /** Each give-back answered at once asks for the next from inside it: a loop, not a recursion. */
    @Test
    void tenThousandGiveBacksAnsweredAtHandDoNotOverflowTheStack() {
        AtomicInteger givenBack = new AtomicInteger();
        for (int acquired = 0; acquired < 10_000; acquired++) {
            giveBacks.acquired(callback -> {
                givenBack.incrementAndGet();
                callback.onSuccess(null);
                return () -> {};
            });
        }

        giveBacks.giveBackAll(failures::set);

        assertThat(givenBack).hasValue(10_000);
        assertThat(failures).hasValue(List.of());
    }

    private void acquireAllThree() {
        giveBacks.acquired(release);
        giveBacks.acquired(refund);
        giveBacks.acquired(cancelBooking);
    }
}
