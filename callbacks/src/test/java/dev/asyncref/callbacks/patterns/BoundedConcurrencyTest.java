package dev.asyncref.callbacks.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedConcurrencyTest {

    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

    private final Calls<String> calls = new Calls<>();
    private final Heard<List<String>> heard = new Heard<>(calls::inFlight);

    @Test
    void neverMoreThanTheLimitInFlightAndTheResultsInTheItemsOrder() {
        BoundedConcurrency.inOrder(ITEMS, 2, item -> calls).start(heard);
        assertThat(calls.count()).as("started at once").isEqualTo(2);

        calls.call(2).succeed("B");
        assertThat(calls.count()).as("one more once one answered").isEqualTo(3);
        assertThat(calls.inFlight()).isEqualTo(2);
        calls.call(3).succeed("C");
        calls.call(4).succeed("D");
        calls.call(5).succeed("E");
        assertThat(calls.inFlight()).isOne();
        calls.call(1).succeed("A");

        assertThat(heard.outcome()).isEqualTo(List.of("A", "B", "C", "D", "E"));
    }

    @Test
    void eachLaterCallStartsOnTheThreadThatBroughtTheAnswerBeforeIt() throws InterruptedException {
        BoundedConcurrency.inOrder(ITEMS, 2, item -> calls).start(heard);

        Thread.ofPlatform().name("answering").start(() -> calls.call(1).succeed("A")).join();

        assertThat(calls.call(3).thread()).isEqualTo("answering");
    }

    @Test
    void theFirstFailureCancelsTheCallsInFlightBeforeItIsDeliveredAndStartsNoMore() {
        BoundedConcurrency.inOrder(ITEMS, 2, item -> calls).start(heard);
        IllegalStateException burnt = new IllegalStateException("burnt");

        calls.call(1).fail(burnt);
        calls.call(2).fail(new IllegalStateException("too late")); // a client whose answer raced the cancel

        assertThat(heard.outcome()).isSameAs(burnt);
        assertThat(calls.call(2).cancelled()).isTrue();
        assertThat(heard.seen()).as("calls in flight when the failure was delivered").isEqualTo(0L);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    @Test
    void collectingAllTurnsEachFailureIntoThatItemsResultAndStopsNothing() {
        BoundedConcurrency.inOrderCollectingAll(ITEMS, 2, item -> calls,
                (item, failure) -> item + " failed: " + failure.getMessage()).start(heard);

        calls.call(1).fail(new IllegalStateException("burnt"));
        IntStream.rangeClosed(2, 5).forEach(call -> calls.call(call).succeed(ITEMS.get(call - 1).toUpperCase()));

        assertThat(heard.outcome()).isEqualTo(List.of("a failed: burnt", "B", "C", "D", "E"));
    }

    @Test
    void cancellingCancelsTheCallsInFlightAndStartsNoMore() {
        Cancellable batch = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls).start(heard);

        batch.cancel();
        calls.call(1).succeed("too late"); // a client whose answer raced the cancel

        assertThat(calls.cancelled()).isEqualTo(2);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
        assertThat(heard.nothing()).isTrue();
    }

    /** The batch's state belongs to each start: one returned call, started twice, runs two batches. */
    @Test
    void startingTheBatchTwiceRunsTwoBatches() {
        Call<List<String>> batch = BoundedConcurrency.inOrder(List.of("a", "b"), 2, item -> calls);
        Heard<List<String>> other = new Heard<>();

        batch.start(heard);
        batch.start(other);
        calls.call(4).succeed("second b");
        calls.call(3).succeed("second a");
        calls.call(1).succeed("first a");
        calls.call(2).succeed("first b");

        assertThat(other.outcome()).isEqualTo(List.of("second a", "second b"));
        assertThat(heard.outcome()).isEqualTo(List.of("first a", "first b"));
    }

    /** Each answer at hand asks for the next call from inside the one before: a loop, not a recursion. */
    @Test
    void tenThousandAnswersAtHandDoNotOverflowTheStack() {
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
        Heard<List<Integer>> all = new Heard<>();

        BoundedConcurrency.<Integer, Integer>inOrder(items, 3, item -> callback -> {
            callback.onSuccess(item);
            return () -> {};
        }).start(all);

        assertThat(all.outcome()).isEqualTo(items);
    }

    @Test
    void noItemsIsNoCallAndAHandleWhoseCancelDoesNothing() {
        Cancellable batch = BoundedConcurrency.inOrder(List.<String>of(), 2, item -> calls).start(heard);

        assertThat(heard.outcome()).isEqualTo(List.of());
        assertThat(calls.count()).isZero();
        assertThatCode(() -> batch.cancel()).doesNotThrowAnyException();
    }

    @Test
    void aLimitThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> BoundedConcurrency.inOrder(ITEMS, 0, item -> calls))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
    }
}
