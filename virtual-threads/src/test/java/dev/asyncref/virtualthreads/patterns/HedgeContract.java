package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import dev.asyncref.virtualthreads.patterns.FirstSuccessContract.AllFailed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code hedged} guarantees in both virtual-thread styles; each style's test supplies its helper. A delay of
 * an hour is one that never passes during a test; one of a millisecond is one the test waits for by the hedge's
 * call being made, never by the clock.
 */
@ExtendWith(NoPinnedThreads.class)
public abstract class HedgeContract {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AT_ONCE = Duration.ofMillis(1);

    protected final Calls<String> calls = new Calls<>();

    protected abstract <T, X extends Exception> T hedged(Callable<? extends T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException;

    @Test
    void aFirstAnswerWithinTheDelayIsReturnedAndNoHedgeIsEverSent() {
        Caller<String> quote = hedging(NEVER);

        calls.call(1).answer("first");

        assertThat(quote.value()).isEqualTo("first");
        assertThat(calls.count()).as("calls made, the hedge interrupted asleep").isOne();
    }

    @Test
    void aSlowFirstRequestGetsAHedgeAndTheLoserHasStoppedBeforeTheValueIsReturned() {
        Caller<String> quote = hedging(AT_ONCE);

        calls.call(2).answer("hedge");

        assertThat(quote.value()).isEqualTo("hedge");
        assertThat(calls.call(1).cancelled()).as("the first request, interrupted").isTrue();
        assertThat(quote.inFlightWhenDone()).as("calls in flight when the value was returned").isZero();
        assertThat(List.of(calls.call(1).thread(), calls.call(2).thread()))
                .as("each request on a virtual thread of its own").allMatch(Thread::isVirtual)
                .doesNotHaveDuplicates().doesNotContain(quote.thread());
    }

    @Test
    void aFailedFirstRequestOnlyLosesAndDoesNotHastenTheHedge() {
        Caller<String> quote = hedging(NEVER);

        calls.call(1).fail(new IllegalStateException("down"));
        calls.call(1).awaitItsThread();

        assertThat(quote.isDone()).as("the hedge, still waiting for its delay").isFalse();
        quote.thread().interrupt();
        assertThat(quote.failure()).isInstanceOf(InterruptedException.class);
        assertThat(calls.count()).as("the hedge, interrupted asleep, never sent").isOne();
    }

    @Test
    void whenBothFailTheCallersExceptionCarriesBothFailuresInTheOrderTheyFailed() {
        Caller<String> quote = hedging(AT_ONCE);
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        calls.call(2).fail(first);
        calls.call(2).awaitItsThread();
        calls.call(1).fail(second);

        assertThat(quote.failure()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(first, second));
    }

    @Test
    void interruptingTheCallerInterruptsBothRequestsAndThrowsOnceTheyHaveStopped() {
        Caller<String> quote = hedging(AT_ONCE);
        calls.call(2);

        quote.thread().interrupt();

        assertThat(quote.failure()).isInstanceOf(InterruptedException.class);
        assertThat(quote.inFlightWhenDone()).as("calls in flight when it threw").isZero();
        assertThat(calls.cancelled()).isEqualTo(2);
    }

    @Test
    void anInterruptedCallerSendsNoRequest() {
        for (int quote = 0; quote < 20; quote++) {
            Caller<String> interrupted = Caller.start(calls, () -> {
                Thread.currentThread().interrupt();
                return hedged(calls, AT_ONCE, AllFailed::new);
            });

            assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
        }
        assertThat(calls.count()).isZero();
    }

    @Test
    void aDelayThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> hedged(calls, Duration.ZERO, AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hedge delay must be positive, got PT0S");
        assertThat(calls.count()).isZero();
    }

    private Caller<String> hedging(Duration hedgeAfter) {
        Caller<String> quote = Caller.start(calls, () -> hedged(calls, hedgeAfter, AllFailed::new));
        eventually().until(() -> calls.count() >= 1);
        return quote;
    }
}
