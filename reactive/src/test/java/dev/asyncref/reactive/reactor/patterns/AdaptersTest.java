package dev.asyncref.reactive.reactor.patterns;

import static dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.asyncref.reactive.reactor.DroppedErrors;
import dev.asyncref.reactive.reactor.patterns.FirstSuccessTest.AllFailed;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AdaptersTest {

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final List<Adapters.Callback<String>> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private final Mono<String> price = Adapters.fromCallback(callback -> {
        callbacks.add(callback);
        return cancels::incrementAndGet;
    });

    @Test
    void eachSubscriptionMakesItsOwnCallAndNoneBefore() {
        assertThat(callbacks).as("calls made when built").isEmpty();

        StepVerifier.create(price).then(() -> callbacks.get(0).onSuccess("9.50")).expectNext("9.50")
                .expectComplete().verify(HANG_GUARD);
        StepVerifier.create(price).then(() -> callbacks.get(1).onSuccess("9.75")).expectNext("9.75")
                .expectComplete().verify(HANG_GUARD);

        assertThat(callbacks).as("calls made by two subscriptions").hasSize(2);
    }

    @Test
    void theFailureArrivesAsGivenWithoutAWrapper() {
        IllegalStateException down = new IllegalStateException("down");

        StepVerifier.create(price)
                .then(() -> callbacks.get(0).onFailure(down))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(down))
                .verify(HANG_GUARD);
    }

    @Test
    void cancellingTheSubscriptionCancelsTheCallOnceAndAFailureAfterItReachesNobody() {
        StepVerifier.create(price)
                .then(() -> assertThat(callbacks).as("calls made").hasSize(1))
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(cancels).hasValue(1);
        callbacks.get(0).onFailure(new IllegalStateException("down, as it was cancelled"));
    }

    @Test
    void anAnsweredCallIsNotCancelled() {
        StepVerifier.create(price).then(() -> callbacks.get(0).onSuccess("9.50")).expectNext("9.50")
                .expectComplete().verify(HANG_GUARD);

        assertThat(cancels).hasValue(0);
    }

    @Test
    void aCancelBeforeTheCallStartsMeansNoCallAtAll() {
        price.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                cancel();
            }
        });

        assertThat(callbacks).as("calls made").isEmpty();
    }

    /**
     * A race's winner cancels a loser that another thread is still starting (a hedge sent on its timer's thread):
     * the cancel waits until the call has started, then cancels it, before the winner's value travels on.
     */
    @Test
    void aCancelWhileTheCallIsStartingWaitsUntilItHasStartedThenCancelsIt() throws InterruptedException {
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Mono<String> slowToStart = Adapters.fromCallback(callback -> {
            starting.countDown();
            awaitUninterruptibly(started);
            return cancels::incrementAndGet;
        });
        BaseSubscriber<String> subscriber = new BaseSubscriber<>() {};
        Thread subscribing = Thread.ofPlatform().start(() -> slowToStart.subscribe(subscriber));
        starting.await();
        AtomicReference<Integer> cancelsWhenTheCancelReturned = new AtomicReference<>();

        Thread cancelling = Thread.ofPlatform().start(() -> {
            subscriber.cancel();
            cancelsWhenTheCancelReturned.set(cancels.get());
        });
        try {
            await().until(() -> cancelling.getState() == Thread.State.BLOCKED);
        } finally {
            started.countDown();
            cancelling.join();
            subscribing.join();
        }

        assertThat(cancelsWhenTheCancelReturned).as("calls cancelled when the cancel returned").hasValue(1);
    }

    @Test
    void fromFutureAsksForAFutureOnEachSubscriptionAndNoneBefore() {
        AtomicInteger asked = new AtomicInteger();
        Mono<String> quoted = Adapters.fromFuture(() -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture("9.50");
        });
        assertThat(asked).as("futures asked for when built").hasValue(0);

        StepVerifier.create(quoted).expectNext("9.50").expectComplete().verify(HANG_GUARD);
        StepVerifier.create(quoted).expectNext("9.50").expectComplete().verify(HANG_GUARD);

        assertThat(asked).as("futures asked for by two subscriptions").hasValue(2);
    }

    @Test
    void fromFutureCancelsTheFutureWhenTheSubscriptionIsCancelled() {
        CompletableFuture<String> call = new CompletableFuture<>();

        StepVerifier.create(Adapters.fromFuture(() -> call))
                .then(() -> assertThat(call).as("the call, once subscribed").isNotDone())
                .thenCancel()
                .verify(HANG_GUARD);

        assertThat(call).isCancelled();
    }

    @Test
    void aRaceOverFromFutureCancelsTheLosersCall() {
        CompletableFuture<String> winner = new CompletableFuture<>();
        CompletableFuture<String> loser = new CompletableFuture<>();

        StepVerifier.create(FirstSuccess.firstSuccess(
                        List.of(Adapters.fromFuture(() -> winner), Adapters.fromFuture(() -> loser)), AllFailed::new))
                .then(() -> winner.complete("9.50"))
                .expectNext("9.50")
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(loser).as("the loser's call").isCancelled();
    }

    /** The trap: Mono.fromFuture(supplier, true) suppresses the cancel, and the loser's call runs on. */
    @Test
    void aRaceOverFuturesWhoseCancelIsSuppressedLeavesTheLoserRunning() {
        CompletableFuture<String> winner = new CompletableFuture<>();
        CompletableFuture<String> loser = new CompletableFuture<>();

        StepVerifier.create(FirstSuccess.firstSuccess(
                        List.of(Mono.fromFuture(() -> winner, true), Mono.fromFuture(() -> loser, true)),
                        AllFailed::new))
                .then(() -> winner.complete("9.50"))
                .expectNext("9.50")
                .expectComplete()
                .verify(HANG_GUARD);

        assertThat(loser).as("the loser's call, never cancelled").isNotDone();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
