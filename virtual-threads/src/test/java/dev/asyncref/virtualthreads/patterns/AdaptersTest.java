package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import dev.asyncref.virtualthreads.patterns.FirstSuccessContract.AllFailed;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoPinnedThreads.class)
class AdaptersTest {

    /** A callback client the test answers by hand, counting the calls started and cancelled. */
    @Nested
    class FromCallback {

        private final AtomicReference<Adapters.Callback<String>> callback = new AtomicReference<>();
        private final AtomicReference<Thread> startedOn = new AtomicReference<>();
        private final AtomicInteger cancels = new AtomicInteger();
        private volatile Runnable onCancel = () -> { };

        private Caller<String> price() {
            Caller<String> price = Caller.start(cancels::get, () -> Adapters.fromCallback(answer -> {
                startedOn.set(Thread.currentThread());
                callback.set(answer);
                return () -> {
                    cancels.incrementAndGet();
                    onCancel.run();
                };
            }));
            return price;
        }

        @Test
        void theValueIsReturnedAsGivenToTheCallerThatStartedTheCall() {
            Caller<String> price = price();
            eventually().until(() -> callback.get() != null);

            callback.get().onSuccess("9.50");

            assertThat(price.value()).isEqualTo("9.50");
            assertThat(startedOn).hasValue(price.thread());
        }

        @Test
        void anUncheckedFailureIsThrownAsItIsAndACheckedOneWrappedOnce() {
            IllegalStateException down = new IllegalStateException("down");
            IOException unreachable = new IOException("unreachable");

            Caller<String> first = price();
            eventually().until(() -> callback.get() != null);
            callback.getAndSet(null).onFailure(down);
            assertThat(first.failure()).isSameAs(down);

            Caller<String> second = price();
            eventually().until(() -> callback.get() != null);
            callback.get().onFailure(unreachable);
            assertThat(second.failure()).isExactlyInstanceOf(ExecutionException.class).cause().isSameAs(unreachable);
        }

        @Test
        void interruptingTheCallerCancelsTheCallOnceAndThrows() {
            Caller<String> price = price();
            eventually().until(() -> callback.get() != null);

            price.thread().interrupt();

            assertThat(price.failure()).isInstanceOf(InterruptedException.class);
            assertThat(cancels).hasValue(1);
        }

        /** The answer races the interrupt, and comes first: a charge made must be known to be refunded. */
        @Test
        void anAnswerThatCameBeforeTheCancelIsReturnedWithTheInterruptPending() {
            onCancel = () -> callback.get().onSuccess("9.50");
            Caller<String> price = price();
            eventually().until(() -> callback.get() != null);

            price.thread().interrupt();

            assertThat(price.value()).isEqualTo("9.50");
            assertThat(price.interruptedWhenDone()).isTrue();
        }

        @Test
        void anInterruptedCallerStartsNoCall() {
            Caller<String> price = Caller.start(cancels::get, () -> {
                Thread.currentThread().interrupt();
                return Adapters.fromCallback(answer -> {
                    callback.set(answer);
                    return cancels::incrementAndGet;
                });
            });

            assertThat(price.failure()).isInstanceOf(InterruptedException.class);
            assertThat(callback).hasNullValue();
        }
    }

    /** A CompletableFuture client whose futures the test completes by hand. */
    @Nested
    class FromFuture {

        private final CompletableFuture<String> call = new CompletableFuture<>();
        private final AtomicInteger started = new AtomicInteger();

        private Caller<String> price() {
            return Caller.start(() -> call.isDone() ? 0 : 1, () -> Adapters.fromFuture(() -> {
                started.incrementAndGet();
                return call;
            }));
        }

        @Test
        void theValueIsReturnedAsGiven() {
            Caller<String> price = price();

            call.complete("9.50");

            assertThat(price.value()).isEqualTo("9.50");
        }

        @Test
        void anUncheckedFailureIsThrownAsItIs() {
            Caller<String> price = price();
            IllegalStateException down = new IllegalStateException("down");

            call.completeExceptionally(down);

            assertThat(price.failure()).isSameAs(down);
        }

        @Test
        void interruptingTheCallerCancelsTheFutureAndThrows() {
            Caller<String> price = price();
            eventually().until(() -> call.getNumberOfDependents() == 1); // waited on

            price.thread().interrupt();

            assertThat(price.failure()).isInstanceOf(InterruptedException.class);
            assertThat(call).isCancelled();
        }

        @Test
        void anInterruptedCallerStartsNoCall() {
            Caller<String> price = Caller.start(() -> 0, () -> {
                Thread.currentThread().interrupt();
                return Adapters.fromFuture(() -> {
                    started.incrementAndGet();
                    return call;
                });
            });

            assertThat(price.failure()).isInstanceOf(InterruptedException.class);
            assertThat(started).hasValue(0);
        }
    }

    /** Why {@code fromFuture} must cancel: a race's loser is interrupted, and only the adapter can pass that on. */
    @Nested
    class ARaceOfFutures {

        private final CompletableFuture<String> europe = new CompletableFuture<>();
        private final CompletableFuture<String> america = new CompletableFuture<>();

        @Test
        void waitedOnWithGetLeavesTheLosersCallRunning() {
            Caller<String> race = Caller.start(() -> 0, () -> FirstSuccess.firstSuccess(
                    List.of(europe::get, america::get), AllFailed::new));
            eventually().until(() -> america.getNumberOfDependents() == 1); // its call waited on

            europe.complete("europe");

            assertThat(race.value()).isEqualTo("europe");
            assertThat(america).as("the loser's call, never cancelled").isNotDone();
        }

        @Test
        void broughtInWithFromFutureCancelsTheLosersCall() {
            Caller<String> race = Caller.start(() -> 0, () -> FirstSuccess.firstSuccess(
                    List.of(() -> Adapters.fromFuture(() -> europe), () -> Adapters.fromFuture(() -> america)),
                    AllFailed::new));
            eventually().until(() -> america.getNumberOfDependents() == 1); // its call waited on

            europe.complete("europe");

            assertThat(race.value()).isEqualTo("europe");
            assertThat(america).as("the loser's call").isCancelled();
        }
    }
}
