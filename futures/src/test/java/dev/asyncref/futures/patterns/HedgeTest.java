package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.asyncref.futures.patterns.FirstSuccessTest.AllFailed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A delay of an hour is one that never passes during a test; one of a millisecond is one the test waits for, by
 * the hedge's call being made, never by the clock.
 */
class HedgeTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AT_ONCE = Duration.ofMillis(1);

    private final Calls<String> calls = new Calls<>();
    @AutoClose
    private final ExecutorService timers =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("timers").factory());

    @Test
    void aFirstAnswerWithinTheDelayIsDeliveredWithoutAHedge() {
        CompletableFuture<String> quote = Hedge.hedged(calls, NEVER, AllFailed::new, timers);

        calls.call(1).complete("first");

        assertThat(quote).isCompletedWithValue("first");
        assertThat(calls.count()).as("calls made").isEqualTo(1);
    }

    @Test
    void aSlowFirstRequestGetsAHedgeAndTheLoserIsCancelledBeforeTheValueIsDelivered() {
        CompletableFuture<String> quote = Hedge.hedged(calls, AT_ONCE, AllFailed::new, timers);
        AtomicReference<Long> inFlightWhenDelivered = new AtomicReference<>();
        quote.thenRun(() -> inFlightWhenDelivered.set(calls.inFlight()));
        await().until(() -> calls.count() == 2);

        calls.call(2).complete("hedge");

        assertThat(quote).isCompletedWithValue("hedge");
        assertThat(calls.thread(2)).as("the hedge sent by").isEqualTo("timers");
        assertThat(calls.call(1)).as("the first request").isCancelled();
        assertThat(inFlightWhenDelivered).as("calls in flight when the value was delivered").hasValue(0L);
    }

    @Test
    void aFailedFirstRequestOnlyLosesAndDoesNotHastenTheHedge() {
        CompletableFuture<String> quote = Hedge.hedged(calls, NEVER, AllFailed::new, timers);

        calls.call(1).completeExceptionally(new IllegalStateException("down"));

        assertThat(quote).isNotDone();
        assertThat(calls.count()).as("the hedge waits for its delay").isEqualTo(1);
    }

    @Test
    void whenBothFailTheCallersExceptionCarriesBothFailures() {
        CompletableFuture<String> quote = Hedge.hedged(calls, AT_ONCE, AllFailed::new, timers);
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        calls.call(1).completeExceptionally(first);
        await().until(() -> calls.count() == 2);
        calls.call(2).completeExceptionally(second);

        assertThat(quote.exceptionNow()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(first, second));
    }

    /** A client's future derived with {@code thenApply} fails with its call's failure wrapped. */
    @Test
    void aFailureThatArrivesWrappedIsCountedUnwrapped() {
        CompletableFuture<String> quote = Hedge.hedged(() -> calls.get().thenApply(String::trim), AT_ONCE,
                AllFailed::new, timers);
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        calls.call(1).completeExceptionally(first);
        await().until(() -> calls.count() == 2);
        calls.call(2).completeExceptionally(second);

        assertThat(quote.exceptionNow())
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactly(first, second));
    }

    @Test
    void anAnswerAlreadyThereCancelsTheHedgesDelaySoNoHedgeIsEverHandedOn() {
        Queued executor = new Queued();
        CompletableFuture<String> quote = Hedge.hedged(() -> CompletableFuture.completedFuture("cached"), AT_ONCE,
                AllFailed::new, executor);

        Queued.afterTimersSetFor(AT_ONCE);

        assertThat(quote).isCompletedWithValue("cached");
        assertThat(executor.waiting()).as("hedges handed to the executor").isZero();
    }

    @Test
    void aHedgeDueAsTheFirstRequestWinsIsNotSent() {
        Queued executor = new Queued();
        CompletableFuture<String> quote = Hedge.hedged(calls, AT_ONCE, AllFailed::new, executor);
        await().until(() -> executor.waiting() == 1);

        calls.call(1).complete("first");
        executor.runAll();

        assertThat(quote).isCompletedWithValue("first");
        assertThat(calls.count()).as("calls made").isEqualTo(1);
    }

    @Test
    void cancellingTheResultCancelsBothRequests() {
        CompletableFuture<String> quote = Hedge.hedged(calls, AT_ONCE, AllFailed::new, timers);
        await().until(() -> calls.count() == 2);

        quote.cancel(true);

        assertThat(calls.cancelled()).isEqualTo(2);
    }

    /** The trap: chained after its delay, the hedge's call cannot be reached by a cancel once it has started. */
    @Test
    void aHedgeChainedAfterItsDelayRunsOnOnceCancelled() {
        CompletableFuture<String> chained = CompletableFuture.completedFuture("delay over")
                .thenCompose(over -> calls.get());

        chained.cancel(true);

        assertThat(calls.call(1)).as("the hedge's call").isNotDone();
    }

    @Test
    void aDelayThatIsNotPositiveIsAMistake() {
        assertThatThrownBy(() -> Hedge.hedged(calls, Duration.ZERO, AllFailed::new, timers))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hedge delay must be positive, got PT0S");
        assertThat(calls.count()).isZero();
    }
}
