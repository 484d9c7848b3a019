package dev.asyncref.reactive.rxjava.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.rxjava.UndeliverableErrors;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BoundedConcurrencyTest {

    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final Calls<String> calls = new Calls<>();

    @Test
    void neverMoreThanTheLimitInFlightAndTheResultsInTheItemsOrder() {
        TestObserver<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.single()).test();
        assertThat(calls.count()).as("subscribed at once").isEqualTo(2);

        calls.call(2).onSuccess("B");
        assertThat(calls.count()).as("one more once one answered").isEqualTo(3);
        assertThat(calls.inFlight()).isEqualTo(2);
        calls.call(3).onSuccess("C");
        calls.call(4).onSuccess("D");
        calls.call(5).onSuccess("E");
        assertThat(calls.inFlight()).isOne();
        calls.call(1).onSuccess("A");

        results.assertResult(List.of("A", "B", "C", "D", "E"));
    }

    @Test
    void theFirstFailureCancelsTheCallsInFlightBeforeItIsDeliveredAndStartsNoMore() {
        AtomicReference<Long> inFlightWhenDelivered = new AtomicReference<>();
        TestObserver<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.single())
                .doOnError(failure -> inFlightWhenDelivered.set(calls.inFlight()))
                .test();
        IllegalStateException burnt = new IllegalStateException("burnt");

        calls.call(1).onError(burnt);

        results.assertError(burnt);
        assertThat(calls.isCancelled(2)).isTrue();
        assertThat(inFlightWhenDelivered).as("calls in flight when the failure was delivered").hasValue(0L);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    /**
     * Two failures together, as in an outage: the second comes while the first is disposing the calls in
     * flight. Only the first is delivered, alone: not merged with the second into a CompositeException, and the
     * second not handed to RxJavaPlugins.onError (which the extension would report).
     */
    @Test
    void failuresTogetherDeliverTheFirstAlone() {
        IllegalStateException burnt = new IllegalStateException("burnt");
        TestObserver<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> item.equals("b")
                ? calls.single().doOnDispose(() -> calls.call(2).onError(new IllegalStateException("burnt too")))
                : calls.single()).test();

        calls.call(1).onError(burnt);

        results.assertError(burnt);
    }

    /** Per-subscription state: a second run's first failure is its own, not taken for a later one of the first. */
    @Test
    void eachSubscriptionFailsFastOnItsOwn() {
        Single<List<String>> batch = BoundedConcurrency.inOrder(List.of("a", "b"), 2, item -> calls.single());
        TestObserver<List<String>> one = batch.test();
        TestObserver<List<String>> other = batch.test();
        IllegalStateException first = new IllegalStateException("one's");
        IllegalStateException second = new IllegalStateException("other's");

        calls.call(1).onError(first);
        calls.call(3).onError(second);

        one.assertError(first);
        other.assertError(second);
    }

    @Test
    void collectingAllTurnsEachFailureIntoThatItemsResultAndStopsNothing() {
        TestObserver<List<String>> results = BoundedConcurrency.inOrderCollectingAll(ITEMS, 2,
                item -> calls.single(), (item, failure) -> item + " failed: " + failure.getMessage()).test();

        calls.call(1).onError(new IllegalStateException("burnt"));
        IntStream.rangeClosed(2, 5).forEach(call -> calls.call(call).onSuccess(ITEMS.get(call - 1).toUpperCase()));

        results.assertResult(List.of("a failed: burnt", "B", "C", "D", "E"));
    }

    @Test
    void aCallThatThrowsAsItIsMadeFailsLikeAnyOther() {
        TestObserver<List<String>> results = BoundedConcurrency.inOrderCollectingAll(List.of("a", "b"), 2, item -> {
            if (item.equals("a")) {
                throw new IllegalStateException("no such pizza");
            }
            return Single.just("B");
        }, (item, failure) -> item + " failed: " + failure.getMessage()).test();

        results.assertResult(List.of("a failed: no such pizza", "B"));
    }

    @Test
    void disposingTheResultCancelsTheCallsInFlightAndStartsNoMore() {
        TestObserver<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.single()).test();

        results.dispose();

        assertThat(calls.cancelled()).isEqualTo(2);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    /** Each answer at hand subscribes the next call from inside the one before: a loop, not a recursion. */
    @Test
    void tenThousandAnswersAtHandDoNotOverflowTheStack() {
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

        BoundedConcurrency.inOrder(items, 3, Single::just).test().assertResult(items);
    }

    @Test
    void noItemsIsNoCall() {
        BoundedConcurrency.inOrder(List.<String>of(), 2, item -> calls.single()).test().assertResult(List.of());
        assertThat(calls.count()).isZero();
    }

    @Test
    void aLimitThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> BoundedConcurrency.inOrder(ITEMS, 0, item -> calls.single()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
        assertThatThrownBy(() -> BoundedConcurrency.inOrderCollectingAll(ITEMS, 0, item -> calls.single(),
                (item, failure) -> item))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
    }
}
