package dev.asyncref.callbacks.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FirstSuccessTest {

    private final Calls<String> calls = new Calls<>();
    private final Heard<String> heard = new Heard<>(calls::inFlight);

    @Test
    void theFirstValueWinsAndTheLosersAreCancelledBeforeItIsDelivered() {
        race().start(heard);

        calls.call(2).succeed("second");

        assertThat(heard.outcome()).isEqualTo("second");
        assertThat(heard.seen()).as("calls in flight when the value was delivered").isEqualTo(0L);
        assertThat(List.of(calls.call(1).cancels(), calls.call(3).cancels())).as("losers, each cancelled once")
                .containsExactly(1, 1);
    }

    @Test
    void aFailureOnlyLoses() {
        race().start(heard);

        calls.call(1).fail(new IllegalStateException("down"));
        calls.call(3).succeed("third");

        assertThat(heard.outcome()).isEqualTo("third");
    }

    @Test
    void whenAllFailTheCallersExceptionCarriesEveryFailureInTheOrderTheyFailed() {
        race().start(heard);
        List<IllegalStateException> failures = List.of(new IllegalStateException("a"),
                new IllegalStateException("b"), new IllegalStateException("c"));

        calls.call(3).fail(failures.get(0));
        calls.call(1).fail(failures.get(1));
        assertThat(heard.nothing()).as("two of three failed").isTrue();
        calls.call(2).fail(failures.get(2));

        assertThat(heard.outcome()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(((Throwable) failure).getSuppressed())
                        .containsExactlyElementsOf(failures));
    }

    @Test
    void cancellingCancelsEveryCallAndNothingIsHeard() {
        Cancellable racing = race().start(heard);

        racing.cancel();
        calls.call(1).succeed("too late"); // a client whose answer raced the cancel

        assertThat(calls.cancelled()).isEqualTo(3);
        assertThat(heard.nothing()).isTrue();
    }

    @Test
    void anAnswerAtHandWinsAndTheAlternativesAfterItNeverStart() {
        Call<String> cached = callback -> {
            callback.onSuccess("cached");
            return () -> {};
        };

        FirstSuccess.firstSuccess(List.of(calls, cached, calls), AllFailed::new).start(heard);

        assertThat(heard.outcome()).isEqualTo("cached");
        assertThat(calls.count()).as("calls made").isOne();
        assertThat(calls.call(1).cancelled()).as("the one started before it").isTrue();
    }

    /**
     * The trap of a callback race: a winner answering on its own thread while the next runner is being started
     * on another would be delivered with that runner still in flight, its handle not made yet. It waits.
     */
    @Test
    void aValueArrivingWhileAnotherAlternativeStartsIsDeliveredOnlyOnceThatOneIsCancelled() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch letStart = new CountDownLatch(1);
        Call<String> slowToStart = callback -> {
            Cancellable started = calls.start(callback);
            starting.countDown();
            await(letStart);
            return started;
        };
        Thread racing = Thread.ofPlatform().start(
                () -> FirstSuccess.firstSuccess(List.of(calls, slowToStart), AllFailed::new).start(heard));
        starting.await();

        Thread answering = Thread.ofPlatform().start(() -> calls.call(1).succeed("first"));
        while (answering.isAlive() && answering.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait(); // until the answer waits for the start, or, without the lock, has been delivered
        }
        assertThat(heard.nothing()).as("nothing heard while the second alternative starts").isTrue();
        letStart.countDown();
        racing.join();
        answering.join();

        assertThat(heard.outcome()).isEqualTo("first");
        assertThat(heard.seen()).as("calls in flight when the value was delivered").isEqualTo(0L);
    }

    /** The race's state belongs to each start: one returned call, started twice, runs two races. */
    @Test
    void startingTheRaceTwiceRunsTwoRaces() {
        Call<String> race = FirstSuccess.firstSuccess(List.of(calls, calls), AllFailed::new);
        Heard<String> other = new Heard<>();

        Cancellable first = race.start(heard);
        race.start(other);
        first.cancel();
        calls.call(4).succeed("second race");

        assertThat(heard.nothing()).isTrue();
        assertThat(other.outcome()).isEqualTo("second race");
        assertThat(calls.call(3).cancelled()).as("the second race's loser").isTrue();
    }

    /** What the helper needs from the client: a handle that does not cancel its call leaves the loser running. */
    @Test
    void aLoserWhoseHandleDoesNotCancelItsCallRunsOn() {
        Call<String> forgetful = callback -> {
            calls.start(callback);
            return () -> {};
        };

        FirstSuccess.firstSuccess(List.of(calls, forgetful), AllFailed::new).start(heard);
        calls.call(1).succeed("first");

        assertThat(heard.outcome()).isEqualTo("first");
        assertThat(calls.call(2).inFlight()).as("the loser's call").isTrue();
    }

    @Test
    void noAlternativeIsAMistake() {
        assertThatThrownBy(() -> FirstSuccess.<String>firstSuccess(List.of(), AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no alternatives to race");
    }

    private Call<String> race() {
        Call<String> race = FirstSuccess.firstSuccess(List.of(calls, calls, calls), AllFailed::new);
        assertThat(calls.count()).as("nothing starts before the race does").isZero();
        return callback -> {
            Cancellable started = race.start(callback);
            assertThat(calls.count()).as("every alternative started at once").isEqualTo(3);
            return started;
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            throw new IllegalStateException(interrupted);
        }
    }

    /** The caller's own exception for a race everyone lost: every failure suppressed in it, in order. */
    static final class AllFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AllFailed(List<Throwable> failures) {
            super("all " + failures.size() + " failed");
            failures.forEach(this::addSuppressed);
        }
    }
}
