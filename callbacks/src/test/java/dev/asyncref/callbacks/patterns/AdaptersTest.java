package dev.asyncref.callbacks.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import dev.asyncref.callbacks.patterns.FirstSuccessTest.AllFailed;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdaptersTest {

    private final Heard<String> heard = new Heard<>();

    /** A callback client that breaks a call's promises when the test tells it to. */
    @Nested
    class FromCallback {

        private final AtomicReference<Callback<String>> client = new AtomicReference<>();
        private final AtomicInteger cancels = new AtomicInteger();
        private final Call<String> price = Adapters.fromCallback(callback -> {
            client.set(callback);
            return cancels::incrementAndGet;
        });

        @Test
        void theValueAndTheFailureArriveAsGiven() {
            IllegalStateException down = new IllegalStateException("down");
            Heard<String> failed = new Heard<>();

            price.start(heard);
            client.get().onSuccess("9.50");
            price.start(failed);
            client.get().onFailure(down);

            assertThat(heard.outcome()).isEqualTo("9.50");
            assertThat(failed.outcome()).isSameAs(down);
        }

        @Test
        void cancellingCancelsTheClientsCallOnce() {
            Cancellable pricing = price.start(heard);

            pricing.cancel();
            pricing.cancel();

            assertThat(cancels).hasValue(1);
        }

        @Test
        void anAnsweredCallIsNotCancelled() {
            Cancellable pricing = price.start(heard);
            client.get().onSuccess("9.50");

            pricing.cancel();

            assertThat(cancels).hasValue(0);
        }

        /** The trap: a client's cancel races its answer, which may come once the cancel has returned. */
        @Test
        void anAnswerThatComesAfterTheCancelIsNeverHeard() {
            Cancellable pricing = price.start(heard);

            pricing.cancel();
            client.get().onSuccess("9.50");

            assertThat(heard.nothing()).isTrue();
        }

        @Test
        void aSecondAnswerIsNeverHeard() {
            price.start(heard);

            client.get().onSuccess("9.50");
            client.get().onFailure(new IllegalStateException("again"));

            assertThat(heard.outcomes()).containsExactly("9.50");
        }

        @Test
        void aStartThatThrowsIsTheCallsFailureHeardOnTheStartingThread() {
            IllegalStateException refused = new IllegalStateException("no connection");

            Adapters.<String>fromCallback(callback -> {
                throw refused;
            }).start(heard);

            assertThat(heard.outcome()).isSameAs(refused);
            assertThat(heard.thread()).isEqualTo(Thread.currentThread().getName());
        }

        /** A caller that cancels whatever it started (an operation ending early, say) may hold this call too. */
        @Test
        void aStartThatThrowsStillGivesAHandleWhoseCancelDoesNothing() {
            Cancellable refused = Adapters.<String>fromCallback(callback -> {
                throw new IllegalStateException("no connection");
            }).start(heard);

            assertThatCode(() -> refused.cancel()).doesNotThrowAnyException();
        }

        @Test
        void whatTheCallbackThrowsFromAnAnswerAtHandIsTheCallersNotTheCalls() {
            IllegalStateException thrown = new IllegalStateException("the caller's bug");
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Call<String> cached = Adapters.fromCallback(callback -> {
                callback.onSuccess("cached");
                return () -> {};
            });

            assertThatThrownBy(() -> cached.start(Callback.of(value -> {
                throw thrown;
            }, failures::add))).isSameAs(thrown);
            assertThat(failures).as("not also heard as the call's failure").isEmpty();
        }
    }

    /** A {@code CompletableFuture} client, whose futures the test completes. */
    @Nested
    class FromFuture {

        private final List<CompletableFuture<String>> futures = new CopyOnWriteArrayList<>();
        private final Supplier<CompletableFuture<String>> client = () -> {
            CompletableFuture<String> future = new CompletableFuture<>();
            futures.add(future);
            return future;
        };
        private final Call<String> price = Adapters.fromFuture(client);

        @Test
        void theValueArrivesAsGivenAndAFailureUnwrapped() {
            IllegalStateException down = new IllegalStateException("down");
            Heard<String> failed = new Heard<>();

            price.start(heard);
            futures.get(0).complete("9.50");
            price.start(failed);
            futures.get(1).completeExceptionally(new CompletionException(down));

            assertThat(heard.outcome()).isEqualTo("9.50");
            assertThat(failed.outcome()).isSameAs(down);
        }

        @Test
        void cancellingCancelsTheFutureAndNothingIsHeardNotEvenItsCancellation() {
            Cancellable pricing = price.start(heard);

            pricing.cancel();

            assertThat(futures.getFirst()).isCancelled();
            assertThat(heard.nothing()).isTrue();
        }

        @Test
        void aSupplierThatThrowsIsTheCallsFailure() {
            IllegalStateException refused = new IllegalStateException("no connection");

            Adapters.<String>fromFuture(() -> {
                throw refused;
            }).start(heard);

            assertThat(heard.outcome()).isSameAs(refused);
        }

        /** A caller that cancels whatever it started (an operation ending early, say) may hold this call too. */
        @Test
        void aSupplierThatThrowsStillGivesAHandleWhoseCancelDoesNothing() {
            Cancellable refused = Adapters.<String>fromFuture(() -> {
                throw new IllegalStateException("no connection");
            }).start(heard);

            assertThatCode(() -> refused.cancel()).doesNotThrowAnyException();
        }

        /** The trap: thrown inside {@code whenComplete}, it would be kept by a future nobody reads. */
        @Test
        void whatTheCallbackThrowsReachesTheCompletingThreadsUncaughtExceptionHandler() throws InterruptedException {
            IllegalStateException thrown = new IllegalStateException("the caller's bug");
            List<Throwable> uncaught = new CopyOnWriteArrayList<>();
            price.start(Callback.of(value -> {
                throw thrown;
            }, failure -> {}));

            Thread.ofPlatform().uncaughtExceptionHandler((thread, failure) -> uncaught.add(failure))
                    .start(() -> futures.getFirst().complete("9.50")).join();

            assertThat(uncaught).containsExactly(thrown);
        }

        /** What the patterns need: the adapter cancels the loser's future, so the request behind it stops. */
        @Test
        void aRaceOfFutureClientsCancelsTheLosersFuture() {
            FirstSuccess.firstSuccess(List.of(price, price), AllFailed::new).start(heard);

            futures.get(0).complete("first");

            assertThat(heard.outcome()).isEqualTo("first");
            assertThat(futures.get(1)).as("the loser's future").isCancelled();
        }

        /** The trap: an adapter that only listens to the future leaves the loser's request running. */
        @Test
        void anAdapterThatDoesNotCancelTheFutureLeavesTheLoserRunning() {
            Call<String> listening = callback -> {
                client.get().whenComplete((value, error) -> callback.onSuccess(value));
                return () -> {};
            };

            FirstSuccess.firstSuccess(List.of(listening, listening), AllFailed::new).start(heard);
            futures.get(0).complete("first");

            assertThat(heard.outcome()).isEqualTo("first");
            assertThat(futures.get(1)).as("the loser's future").isNotDone();
        }
    }
}
