package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code inOrder} and {@code inOrderCollectingAll} guarantee in both virtual-thread styles; each style's
 * test supplies its helpers. The test answers the calls far out of order: always the one in flight whose item
 * comes last.
 */
@ExtendWith(NoPinnedThreads.class)
public abstract class BoundedConcurrencyContract {

    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");
    private static final int LIMIT = 2;

    protected final Calls<String> calls = new Calls<>();

    protected abstract <I, O> List<O> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call) throws ExecutionException, InterruptedException;

    protected abstract <I, O> List<O> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) throws InterruptedException;

    @Test
    void neverMoreThanTheLimitInFlightAndTheResultsInTheItemsOrder() {
        Caller<List<String>> results = Caller.start(calls, () -> inOrder(ITEMS, LIMIT, calls::of));

        for (int answered = 0; answered < ITEMS.size(); answered++) {
            int expected = Math.min(LIMIT, ITEMS.size() - answered);
            int made = answered + expected;
            eventually().until(() -> calls.inFlight() == expected && calls.count() == made);
            Calls.Call<String> last = calls.lastInFlightOf(ITEMS);
            last.answer(last.item().toUpperCase());
            last.awaitEnded();
        }

        assertThat(results.value()).containsExactly("A", "B", "C", "D", "E");
        assertThat(calls.maxInFlight()).as("calls in flight at most").isEqualTo(LIMIT);
        assertThat(calls.made()).extracting(Calls.Call::thread)
                .as("each call on a virtual thread of its own").allMatch(Thread::isVirtual).doesNotHaveDuplicates();
    }

    @Test
    void theFirstFailureInterruptsTheCallsInFlightStartsNoMoreAndIsThrownOnceTheyHaveStopped() {
        Caller<List<String>> results = Caller.start(calls, () -> inOrder(ITEMS, LIMIT, calls::of));
        eventually().until(() -> calls.inFlight() == LIMIT);
        IllegalStateException burnt = new IllegalStateException("burnt");

        calls.call(1).fail(burnt);

        assertThat(results.failure()).isSameAs(burnt);
        assertThat(results.inFlightWhenDone()).as("calls in flight when the failure was thrown").isZero();
        assertThat(calls.call(2).cancelled()).as("the other call in flight, interrupted").isTrue();
        assertThat(calls.count()).as("calls made").isEqualTo(LIMIT);
    }

    @Test
    void aCheckedFailureIsWrappedOnceInAnExecutionException() {
        Caller<List<String>> results = Caller.start(calls, () -> inOrder(ITEMS, LIMIT, calls::of));
        IOException unreachable = new IOException("unreachable");

        calls.call(1).fail(unreachable);

        assertThat(results.failure()).isExactlyInstanceOf(ExecutionException.class).cause().isSameAs(unreachable);
    }

    @Test
    void collectingAllTurnsEachFailureIntoThatItemsResultAndStopsNothing() {
        Caller<List<String>> results = Caller.start(calls, () -> inOrderCollectingAll(ITEMS, LIMIT, calls::of,
                (item, failure) -> item + " failed: " + failure.getMessage()));

        for (int answered = 0; answered < ITEMS.size(); answered++) {
            int made = Math.min(ITEMS.size(), answered + LIMIT);
            int inFlight = made - answered;
            eventually().until(() -> calls.count() == made && calls.inFlight() == inFlight);
            Calls.Call<String> last = calls.lastInFlightOf(ITEMS);
            if (last.item().equals("c")) {
                last.fail(new IllegalStateException("burnt"));
            } else {
                last.answer(last.item().toUpperCase());
            }
            last.awaitEnded();
        }

        assertThat(results.value()).containsExactly("A", "B", "c failed: burnt", "D", "E");
        assertThat(calls.cancelled()).isZero();
    }

    @Test
    void interruptingTheCallerInterruptsTheCallsInFlightStartsNoMoreAndThrowsOnceTheyHaveStopped() {
        Caller<List<String>> results = Caller.start(calls, () -> inOrder(ITEMS, LIMIT, calls::of));
        eventually().until(() -> calls.inFlight() == LIMIT);

        results.thread().interrupt();

        assertThat(results.failure()).isInstanceOf(InterruptedException.class);
        assertThat(results.inFlightWhenDone()).isZero();
        assertThat(calls.cancelled()).isEqualTo(LIMIT);
        assertThat(calls.count()).as("calls made").isEqualTo(LIMIT);
    }

    @Test
    void anInterruptedCallerMakesNoCall() {
        for (int batch = 0; batch < 20; batch++) {
            Caller<List<String>> interrupted = Caller.start(calls, () -> {
                Thread.currentThread().interrupt();
                return inOrder(ITEMS, LIMIT, calls::of);
            });

            assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
        }
        assertThat(calls.count()).isZero();
    }

    @Test
    void noItemsIsNoCall() throws Exception {
        assertThat(inOrder(List.<String>of(), LIMIT, calls::of)).isEmpty();
        assertThat(calls.count()).isZero();
    }

    @Test
    void aLimitThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> inOrder(ITEMS, 0, calls::of))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be positive, got 0");
        assertThat(calls.count()).isZero();
    }
}
