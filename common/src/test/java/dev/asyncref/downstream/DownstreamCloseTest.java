package dev.asyncref.downstream;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.downstream.CallEvent.Kind.FAILED;
import static dev.asyncref.downstream.CallEvent.Kind.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Closing leaves nothing behind: no pending call, no thread, no way in. */
class DownstreamCloseTest {

    private static final Pizza MARGHERITA = Pizza.of("margherita");

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    private final Callback<BakedPizza> callback = mock();

    @AfterEach
    void closeDownstream() {
        // For a test that failed before it closed; closing twice is harmless.
        downstream.close();
    }

    @Test
    void closeFailsAPendingCallWithADownstreamException() {
        kitchen.hold();
        kitchen.bake(MARGHERITA, callback);
        eventually().until(() -> kitchen.waiting() == 1);

        downstream.close();

        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(callback).onFailure(failure.capture());
        verifyNoMoreInteractions(callback);
        assertThat(failure.getValue()).isInstanceOf(DownstreamException.class).hasMessageContaining("closed");
        assertThat(kitchen.inFlight()).isZero();
        assertThat(kitchen.log()).extracting(CallEvent::kind).containsExactly(STARTED, FAILED);
    }

    @Test
    void closeStopsEveryThreadItStarted() {
        // Other Downstreams alive in this JVM name their threads alike; theirs are not this one's to stop.
        Set<Thread> others = downstreamThreads();
        kitchen.hold();
        for (int i = 0; i < 3; i++) {
            kitchen.bake(MARGHERITA, callback);
        }
        Set<Thread> started = downstreamThreads();
        started.removeAll(others);
        assertThat(started).isNotEmpty();

        downstream.close();

        // close() returns once the pool has terminated, which its last worker signals just before it ends.
        eventually().untilAsserted(() -> assertThat(started).noneMatch(Thread::isAlive));
    }

    @Test
    void refusesCallsAfterClose() {
        downstream.close();

        assertThatThrownBy(() -> kitchen.bake(MARGHERITA, callback))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        verifyNoInteractions(callback);
    }

    @Test
    void aCallbackThatThrowsDuringCloseDoesNotStopTheClose() {
        AtomicReference<Throwable> reported = new AtomicReference<>();
        downstream.menu().hold();
        kitchen.hold();
        downstream.menu().quote(Order.of("ada", MARGHERITA), Callback.of(quote -> {}, error -> {
            // Caught here rather than printed by the default handler; the callback runs on that thread.
            Thread.currentThread().setUncaughtExceptionHandler((thread, bug) -> reported.set(bug));
            throw new IllegalStateException("a bug in the caller's callback");
        }));
        kitchen.bake(MARGHERITA, callback);

        assertThatCode(downstream::close).doesNotThrowAnyException();
        verify(callback).onFailure(any(DownstreamException.class));
        assertThat(reported.get()).hasMessage("a bug in the caller's callback");
    }

    @Test
    void closeDeliversItsFailuresOnADownstreamThreadLikeAnyAnswer() {
        kitchen.hold();
        CompletableFuture<Thread> failedOn = new CompletableFuture<>();
        kitchen.bake(MARGHERITA, Callback.of(baked -> {}, error -> failedOn.complete(Thread.currentThread())));

        downstream.close();

        assertThat(resultOf(failedOn).getName()).matches("downstream-\\d+");
    }

    private static Set<Thread> downstreamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("downstream-"))
                .collect(Collectors.toSet());
    }
}
