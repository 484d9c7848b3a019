package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedConcurrencyTest {

    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

    private final Calls<String> calls = new Calls<>();

    @Test
    void neverMoreThanTheLimitInFlightAndTheResultsInTheItemsOrder() {
        CompletableFuture<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.get());
        assertThat(calls.count()).as("started at once").isEqualTo(2);

        calls.call(2).complete("B");
        assertThat(calls.count()).as("one more once one answered").isEqualTo(3);
        assertThat(calls.inFlight()).isEqualTo(2);
        calls.call(3).complete("C");
        calls.call(4).complete("D");
        calls.call(5).complete("E");
        assertThat(calls.inFlight()).isEqualTo(1);
        calls.call(1).complete("A");

        assertThat(results).isCompletedWithValue(List.of("A", "B", "C", "D", "E"));
    }

    @Test
    void theFirstFailureCancelsTheCallsInFlightBeforeItIsDeliveredAndStartsNoMore() {
        CompletableFuture<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.get());
        AtomicReference<Long> inFlightWhenDelivered = new AtomicReference<>();
        results.whenComplete((value, error) -> inFlightWhenDelivered.set(calls.inFlight()));
        IllegalStateException burnt = new IllegalStateException("burnt");

        calls.call(1).completeExceptionally(burnt);

        assertThat(results.exceptionNow()).isSameAs(burnt);
        assertThat(calls.call(2)).isCancelled();
        assertThat(inFlightWhenDelivered).as("calls in flight when the failure was delivered").hasValue(0L);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    @Test
    void aCallThatThrowsAsItStartsFailsTheBatchAsAFailedCallWould() {
        IllegalStateException refused = new IllegalStateException("refused");

        CompletableFuture<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> {
            if (item.equals("b")) {
                throw refused;
            }
            return calls.get();
        });

        assertThat(results.exceptionNow()).isSameAs(refused);
        assertThat(calls.call(1)).isCancelled();
        assertThat(calls.count()).as("calls made").isEqualTo(1);
    }

    /** A client's future derived with {@code thenApply} fails with its call's failure wrapped. */
    @Test
    void aFailureThatArrivesWrappedIsDeliveredUnwrapped() {
        CompletableFuture<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2,
                item -> calls.get().thenApply(String::trim));
        IllegalStateException burnt = new IllegalStateException("burnt");

        calls.call(1).completeExceptionally(burnt);

        assertThat(Calls.failureOf(results)).isSameAs(burnt);
    }

    @Test
    void collectingAllTurnsEachFailureIntoThatItemsResultAndStopsNothing() {
        CompletableFuture<List<String>> results = BoundedConcurrency.inOrderCollectingAll(ITEMS, 2,
                item -> calls.get(), (item, failure) -> item + " failed: " + failure.getMessage());

        calls.call(1).completeExceptionally(new IllegalStateException("burnt"));
        IntStream.rangeClosed(2, 5).forEach(call -> calls.call(call).complete(ITEMS.get(call - 1).toUpperCase()));

        assertThat(results).isCompletedWithValue(List.of("a failed: burnt", "B", "C", "D", "E"));
    }

    @Test
    void cancellingTheResultCancelsTheCallsInFlightAndStartsNoMore() {
        CompletableFuture<List<String>> results = BoundedConcurrency.inOrder(ITEMS, 2, item -> calls.get());

        results.cancel(true);

        assertThat(calls.cancelled()).isEqualTo(2);
        assertThat(calls.count()).as("calls made").isEqualTo(2);
    }

    /** Each answer at hand starts the next call from inside the one before: a loop, not a recursion. */
    @Test
    void tenThousandAnswersAtHandDoNotOverflowTheStack() {
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

        CompletableFuture<List<Integer>> results = BoundedConcurrency.inOrder(items, 3,
                CompletableFuture::completedFuture);

        assertThat(results).isCompletedWithValue(items);
    }

    @Test
    void noItemsIsNoCall() {
        assertThat(BoundedConcurrency.inOrder(List.<String>of(), 2, item -> calls.get()))
                .isCompletedWithValue(List.of());
        assertThat(calls.count()).isZero();
    }

    @Test
    void aLimitThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> BoundedConcurrency.inOrder(ITEMS, 0, item -> calls.get()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
    }
}
