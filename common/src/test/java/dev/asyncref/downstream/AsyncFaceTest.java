package dev.asyncref.downstream;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.downstream.CallEvent.Kind.CANCELLED;
import static dev.asyncref.downstream.CallEvent.Kind.STARTED;
import static dev.asyncref.downstream.CallEvent.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The callback face: one answer, on a downstream thread, unless cancelled first. */
class AsyncFaceTest {

    private static final Pizza MARGHERITA = Pizza.of("margherita");
    private static final Pizza DIAVOLA = Pizza.of("diavola");

    // One downstream thread answers in submission order, which is what awaitEarlierAnswers() relies on.
    private final Downstream downstream =
            Downstream.start(Downstream.Settings.defaults().withLatency(Duration.ZERO).withThreads(1));
    private final KitchenService kitchen = downstream.kitchen();
    private final Callback<BakedPizza> callback = mock();

    @AfterEach
    void closeDownstream() {
        downstream.close();
    }

    @Test
    void answersOnADownstreamThreadNeverTheCallersEvenWithZeroLatency() {
        Thread answeredOn = resultOf(threadAnsweringABake());

        assertThat(answeredOn).isNotSameAs(Thread.currentThread());
        assertThat(answeredOn.getName()).matches("downstream-\\d+");
    }

    @Test
    void deliversTheAnswerExactlyOnce() {
        kitchen.bake(MARGHERITA, callback);
        awaitEarlierAnswers();

        verify(callback).onSuccess(new BakedPizza(MARGHERITA, "oven 1"));
        verifyNoMoreInteractions(callback);
    }

    @Test
    void deliversAScriptedFailureToOnFailureAsTheServicesOwnException() {
        kitchen.failWhen(DIAVOLA::equals);

        kitchen.bake(DIAVOLA, callback);
        awaitEarlierAnswers();

        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(callback).onFailure(failure.capture());
        verifyNoMoreInteractions(callback);
        assertThat(failure.getValue()).isExactlyInstanceOf(DownstreamException.class)
                .hasMessageContaining("diavola")
                .asInstanceOf(type(DownstreamException.class))
                .extracting(DownstreamException::service).isEqualTo("kitchen");
    }

    @Test
    void deliversTheVeryExceptionTheFailureFunctionMade() {
        RuntimeException outOfDough = new IllegalStateException("out of dough");
        kitchen.failWhen(DIAVOLA::equals, pizza -> outOfDough);

        kitchen.bake(DIAVOLA, callback);
        awaitEarlierAnswers();

        verify(callback).onFailure(same(outOfDough));
        verifyNoMoreInteractions(callback);
    }

    @Test
    void cancellingBeforeTheAnswerEndsTheCallAndNeverCallsBack() {
        kitchen.hold();
        Cancellable call = kitchen.bake(MARGHERITA, callback);
        eventually().until(() -> kitchen.waiting() == 1);

        assertThat(call.cancel()).isTrue();

        assertThat(kitchen.inFlight()).isZero();
        assertThat(kitchen.log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
        kitchen.open();
        awaitEarlierAnswers();
        verifyNoInteractions(callback);
    }

    @Test
    void cancellingAfterTheAnswerReturnsFalseAndLogsNothingMore() {
        Cancellable call = kitchen.bake(MARGHERITA, callback);
        awaitEarlierAnswers();

        assertThat(call.cancel()).isFalse();

        assertThat(kitchen.log()).extracting(CallEvent::kind).containsExactly(STARTED, SUCCEEDED);
        assertThat(kitchen.inFlight()).isZero();
    }

    @Test
    void cancellingTwiceReturnsFalseTheSecondTime() {
        kitchen.hold();
        Cancellable call = kitchen.bake(MARGHERITA, callback);

        assertThat(call.cancel()).isTrue();
        assertThat(call.cancel()).isFalse();

        assertThat(kitchen.log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
        assertThat(kitchen.inFlight()).isZero();
    }

    @Test
    void reportsAThrowingCallbackToTheThreadsUncaughtExceptionHandler() {
        RuntimeException bug = new IllegalStateException("bug in the caller's callback");
        CompletableFuture<Throwable> reported = new CompletableFuture<>();

        kitchen.bake(MARGHERITA, Callback.of(baked -> {
            // A pool thread's handler can only be set from that thread, so the callback installs it.
            Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> reported.complete(error));
            throw bug;
        }, reported::completeExceptionally));

        assertThat(resultOf(reported)).isSameAs(bug);
    }

    @Test
    void keepsAnsweringOnTheSameThreadAfterACallbackThrows() {
        CompletableFuture<Thread> threwOn = new CompletableFuture<>();
        kitchen.bake(MARGHERITA, Callback.of(baked -> {
            // Reports the bug here rather than as a stack trace on the test output.
            Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> threwOn.complete(thread));
            throw new IllegalStateException("bug in the caller's callback");
        }, threwOn::completeExceptionally));
        Thread survivor = resultOf(threwOn);

        assertThat(resultOf(threadAnsweringABake())).isSameAs(survivor);
    }

    @Test
    void aRequestTheServiceCannotAnswerFailsThroughTheCallbackNotAtTheCaller() {
        Callback<Quote> quote = mock();

        downstream.menu().quote(Order.of("ada", Pizza.of("sushi")), quote);
        awaitEarlierAnswers();

        verify(quote).onFailure(any(RuntimeException.class));
        verifyNoMoreInteractions(quote);
    }

    private CompletableFuture<Thread> threadAnsweringABake() {
        CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
        kitchen.bake(MARGHERITA, Callback.of(baked -> answeredOn.complete(Thread.currentThread()),
                answeredOn::completeExceptionally));
        return answeredOn;
    }

    /** Waits for a new call's answer: the one downstream thread has delivered every earlier answer by then. */
    private void awaitEarlierAnswers() {
        CompletableFuture<Quote> probe = new CompletableFuture<>();
        downstream.menu().quote(Order.of("probe", MARGHERITA),
                Callback.of(probe::complete, probe::completeExceptionally));
        resultOf(probe);
    }
}
