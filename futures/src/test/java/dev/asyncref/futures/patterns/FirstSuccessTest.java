package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FirstSuccessTest {

    private final Calls<String> calls = new Calls<>();

    @Test
    void theFirstValueWinsAndTheLosersAreCancelledBeforeItIsDelivered() {
        CompletableFuture<String> first = race();
        AtomicReference<Long> inFlightWhenDelivered = new AtomicReference<>();
        first.thenRun(() -> inFlightWhenDelivered.set(calls.inFlight()));

        calls.call(2).complete("second");

        assertThat(first).isCompletedWithValue("second");
        assertThat(inFlightWhenDelivered).as("calls in flight when the value was delivered").hasValue(0L);
        assertThat(calls.cancelled()).as("losers").isEqualTo(2);
    }

    @Test
    void aFailureOnlyLoses() {
        CompletableFuture<String> first = race();

        calls.call(1).completeExceptionally(new IllegalStateException("down"));
        calls.call(3).complete("third");

        assertThat(first).isCompletedWithValue("third");
    }

    @Test
    void whenAllFailTheCallersExceptionCarriesEveryFailureInTheOrderTheyFailed() {
        CompletableFuture<String> first = race();
        List<IllegalStateException> failures = List.of(new IllegalStateException("a"),
                new IllegalStateException("b"), new IllegalStateException("c"));

        calls.call(3).completeExceptionally(failures.get(0));
        calls.call(1).completeExceptionally(failures.get(1));
        assertThat(first).as("two of three failed").isNotDone();
        calls.call(2).completeExceptionally(failures.get(2));

        assertThat(first.exceptionNow()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactlyElementsOf(failures));
    }

    @Test
    void anAlternativeThatThrowsAsItStartsOnlyLoses() {
        IllegalStateException refused = new IllegalStateException("refused");
        IllegalStateException down = new IllegalStateException("down");
        CompletableFuture<String> first = FirstSuccess.firstSuccess(
                List.<Supplier<CompletableFuture<String>>>of(() -> { throw refused; }, calls), AllFailed::new);

        calls.call(1).completeExceptionally(down);

        assertThat(first.exceptionNow()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(refused, down));
    }

    /** A client's future derived with {@code thenApply} fails with its call's failure wrapped. */
    @Test
    void aFailureThatArrivesWrappedIsCountedUnwrapped() {
        IllegalStateException down = new IllegalStateException("down");
        CompletableFuture<String> first = FirstSuccess.firstSuccess(
                List.<Supplier<CompletableFuture<String>>>of(() -> calls.get().thenApply(String::trim)),
                AllFailed::new);

        calls.call(1).completeExceptionally(down);

        assertThat(first.exceptionNow())
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(down));
    }

    @Test
    void cancellingTheResultCancelsEveryCall() {
        CompletableFuture<String> first = race();

        first.cancel(true);

        assertThat(calls.cancelled()).isEqualTo(3);
    }

    /**
     * The trap the helper's signature guards against: given a future derived from the call's (as
     * {@code thenApply} makes), cancelling the loser cancels only that derived future, and the call runs on.
     */
    @Test
    void aLoserGivenAsADerivedFutureKeepsItsCallRunning() {
        CompletableFuture<String> first = FirstSuccess.firstSuccess(
                List.<Supplier<CompletableFuture<String>>>of(calls, () -> calls.get().thenApply(String::trim)),
                AllFailed::new);

        calls.call(1).complete("first");

        assertThat(first).isCompletedWithValue("first");
        assertThat(calls.call(2)).as("the loser's own call").isNotDone();
    }

    @Test
    void noAlternativeIsAMistake() {
        assertThatThrownBy(() -> FirstSuccess.<String>firstSuccess(List.of(), AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no alternatives to race");
    }

    private CompletableFuture<String> race() {
        CompletableFuture<String> first = FirstSuccess.firstSuccess(List.of(calls, calls, calls), AllFailed::new);
        assertThat(calls.count()).as("every alternative started at once").isEqualTo(3);
        return first;
    }

    /** The caller's own exception for a race everyone lost: every failure suppressed in it, in order. */
    static final class AllFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AllFailed(List<Throwable> failures) {
            super("all " + failures.size() + " failed");
            failures.forEach(this::addSuppressed);
        }
    }
}
