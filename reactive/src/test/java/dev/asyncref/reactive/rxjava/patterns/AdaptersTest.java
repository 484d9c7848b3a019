package dev.asyncref.reactive.rxjava.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.reactive.rxjava.UndeliverableErrors;
import dev.asyncref.reactive.rxjava.patterns.FirstSuccessTest.AllFailed;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdaptersTest {

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    /** A callback client: the test answers each call through the callback it was given. */
    private final List<Adapters.Callback<String>> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private final Single<String> byCallback = Adapters.fromCallback(callback -> {
        callbacks.add(callback);
        return cancels::incrementAndGet;
    });

    /** A CompletableFuture client: the test completes each call's future. */
    private final List<CompletableFuture<String>> futures = new CopyOnWriteArrayList<>();
    private final Single<String> byFuture = Adapters.fromFuture(() -> {
        CompletableFuture<String> call = new CompletableFuture<>();
        futures.add(call);
        return call;
    });

    @Test
    void fromCallbackCallsNothingUntilSubscribedAndAgainForEachSubscription() {
        assertThat(callbacks).as("calls made on assembly").isEmpty();

        byCallback.test();
        byCallback.test();

        assertThat(callbacks).as("calls made").hasSize(2);
    }

    @Test
    void fromCallbackSignalsTheValueAsGivenOnTheThreadThatCallsBack() throws InterruptedException {
        AtomicReference<String> signalledOn = new AtomicReference<>();
        TestObserver<String> answer = byCallback
                .doOnSuccess(value -> signalledOn.set(Thread.currentThread().getName()))
                .test();

        Thread.ofPlatform().name("client").start(() -> callbacks.getFirst().onSuccess("9.50")).join();

        answer.assertResult("9.50");
        assertThat(signalledOn).hasValue("client");
    }

    @Test
    void fromCallbackSignalsTheFailureAsGivenWithoutAWrapper() {
        TestObserver<String> answer = byCallback.test();
        IllegalStateException down = new IllegalStateException("down");

        callbacks.getFirst().onFailure(down);

        answer.assertError(down);
    }

    @Test
    void fromCallbackCancelsTheCallOnceWhenDisposed() {
        TestObserver<String> answer = byCallback.test();

        answer.dispose();
        answer.dispose();

        assertThat(cancels).hasValue(1);
    }

    @Test
    void fromCallbackMakesNoCallForASubscriberThatHasAlreadyDisposed() {
        TestObserver<String> gone = new TestObserver<>();
        gone.dispose();

        byCallback.subscribe(gone);

        assertThat(callbacks).as("calls made").isEmpty();
    }

    /** A failure racing the dispose: dropped, never undeliverable (which the extension would report). */
    @Test
    void fromCallbackDropsAFailureThatComesAfterTheDispose() {
        TestObserver<String> answer = byCallback.test();
        answer.dispose();

        callbacks.getFirst().onFailure(new IllegalStateException("down as it was cancelled"));

        answer.assertEmpty();
    }

    @Test
    void fromFutureCallsNothingUntilSubscribedAndAgainForEachSubscription() {
        assertThat(futures).as("calls made on assembly").isEmpty();

        byFuture.test();
        byFuture.test();

        assertThat(futures).as("calls made").hasSize(2);
    }

    @Test
    void fromFutureSignalsTheValue() {
        TestObserver<String> answer = byFuture.test();

        futures.getFirst().complete("9.50");

        answer.assertResult("9.50");
    }

    @Test
    void fromFutureSignalsADerivedFuturesFailureWithoutItsCompletionException() {
        CompletableFuture<String> call = new CompletableFuture<>();
        TestObserver<String> answer = Adapters.fromFuture(() -> call.thenApply(String::strip)).test();
        IllegalStateException down = new IllegalStateException("down");

        call.completeExceptionally(down);

        answer.assertError(down);
    }

    @Test
    void fromFutureCancelsTheFutureWhenDisposed() {
        TestObserver<String> answer = byFuture.test();

        answer.dispose();

        assertThat(futures.getFirst()).isCancelled();
    }

    /** The trap: fromCompletionStage only lets go of the future, which runs on. */
    @Test
    void fromCompletionStageLeavesTheFutureRunningWhenDisposed() {
        CompletableFuture<String> call = new CompletableFuture<>();
        TestObserver<String> answer = Single.fromCompletionStage(call).test();

        answer.dispose();

        assertThat(call).isNotDone();
    }

    /** Why the patterns need fromFuture: a race cancels its loser only through an adapter that cancels. */
    @Test
    void aRaceCancelsALoserAdaptedByFromFutureAndLeavesOneFromCompletionStageRunning() {
        Calls<String> winner = new Calls<>();
        CompletableFuture<String> stage = new CompletableFuture<>();
        TestObserver<String> first = FirstSuccess.firstSuccess(
                List.of(winner.single(), byFuture, Single.fromCompletionStage(stage)), AllFailed::new).test();

        winner.call(1).onSuccess("9.50");

        first.assertResult("9.50");
        assertThat(futures.getFirst()).as("the loser through fromFuture").isCancelled();
        assertThat(stage).as("the loser through fromCompletionStage").isNotDone();
    }
}
