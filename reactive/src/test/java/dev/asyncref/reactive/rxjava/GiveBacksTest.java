package dev.asyncref.reactive.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.OperationName;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GiveBacks} on its own, with give-backs that answer at once: the orders of events that a running
 * {@code placeOrder} meets only by chance, made certain.
 */
class GiveBacksTest {

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final GiveBacks giveBacks = new GiveBacks(Request.of(OperationName.PLACE_ORDER));
    private final List<String> givenBack = new ArrayList<>();

    private Single<Boolean> giveBack(String what) {
        return Single.fromCallable(() -> givenBack.add(what));
    }

    @Test
    void aFailureWaitsForEveryGiveBackLatestFirstAndCarriesTheirFailures() {
        giveBacks.acquired(giveBack("reservation"));
        giveBacks.acquired(Single.error(new IllegalStateException("refund refused")));
        giveBacks.acquired(giveBack("booking"));
        IllegalStateException failure = new IllegalStateException("step failed");

        giveBacks.giveBackThenFail(failure).test().assertError(failure);

        assertThat(givenBack).containsExactly("booking", "reservation");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("refund refused");
    }

    /**
     * In {@code placeOrder}, a dispose that lands after the give-backs start and before the waiting subscribes,
     * with every give-back done by then: the subscriber has disposed, so the failure must reach nobody (RxJava's
     * error handler included, see {@link UndeliverableErrors}), and still everything goes back.
     */
    @Test
    void aWaitingDisposedBeforeTheGiveBacksEndHearsNothingAndEverythingStillGoesBack() {
        giveBacks.acquired(giveBack("reservation"));
        giveBacks.acquired(giveBack("charge"));
        TestObserver<Object> waiting = new TestObserver<>();
        waiting.dispose();

        giveBacks.giveBackThenFail(new IllegalStateException("step failed")).subscribe(waiting);

        assertThat(givenBack).containsExactly("charge", "reservation");
        waiting.assertEmpty();
    }

    @Test
    void whatIsAcquiredAfterAFailureGoesStraightBack() {
        giveBacks.giveBackThenFail(new IllegalStateException("step failed")).test().assertFailure(
                IllegalStateException.class);

        giveBacks.acquired(giveBack("charge answered late"));

        assertThat(givenBack).containsExactly("charge answered late");
    }

    @Test
    void afterADisposeGaveEverythingBackNothingIsKept() {
        giveBacks.acquired(giveBack("booking"));

        giveBacks.giveBackTheRest();

        assertThat(giveBacks.keep()).as("a dispose got there first").isFalse();
        assertThat(givenBack).containsExactly("booking");
    }
}
