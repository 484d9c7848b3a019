package dev.asyncref.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.context.OperationName;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A step asked for once its operation has ended: the call is never made, and the step fails as cancelled, so
 * whatever waits on it (a stream's next page, a retry's next attempt) ends instead of waiting for a call that
 * nobody will cancel. The contract meets this only when a cancel lands between two steps, a window of a few
 * instructions; here the operation ends first. And the handle a call returns reaches the call, for the patterns
 * that cancel a loser or a late call.
 */
class CallScopeTest {

    private final CallScope calls = new CallScope(OperationName.HISTORY, Runnable::run);
    private final AtomicInteger made = new AtomicInteger();
    private CompletableFuture<String> lastCall;

    @Test
    void aCallAskedForAfterTheOperationEndedIsNeverMadeAndFailsAsCancelled() {
        calls.cancelAll();

        CompletableFuture<String> answer = calls.start(this::call);

        assertThat(made).as("calls made").hasValue(0);
        assertThat(answer).as("the step").isCancelled();
        assertThatThrownBy(answer::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCallInFlightWhenTheOperationEndsIsCancelled() {
        calls.start(this::call);
        CompletableFuture<String> inFlight = lastCall;

        calls.cancelAll();

        assertThat(made).as("calls made").hasValue(1);
        assertThat(inFlight).isCancelled();
    }

    @Test
    void cancellingACallsHandleCancelsTheCall() {
        CompletableFuture<String> handle = calls.start(this::call);

        handle.cancel(true);

        assertThat(lastCall).isCancelled();
    }

    private CompletableFuture<String> call() {
        made.incrementAndGet();
        lastCall = new CompletableFuture<>();
        return lastCall;
    }
}
