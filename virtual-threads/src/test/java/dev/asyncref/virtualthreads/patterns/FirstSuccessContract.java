package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code firstSuccess} guarantees in both virtual-thread styles; each style's test supplies its helper. Calls
 * are answered by hand ({@link Calls}), and the race runs on a caller thread of its own ({@link Caller}).
 */
@ExtendWith(NoPinnedThreads.class)
public abstract class FirstSuccessContract {

    protected final Calls<String> calls = new Calls<>();

    protected abstract <T, X extends Exception> T firstSuccess(List<? extends Callable<? extends T>> alternatives,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException;

    @Test
    void theFirstValueWinsAndTheLosersAreInterruptedAndHaveStoppedBeforeItIsReturned() {
        Caller<String> race = race();

        calls.call(2).answer("second");

        assertThat(race.value()).isEqualTo("second");
        assertThat(race.inFlightWhenDone()).as("calls in flight when the value was returned").isZero();
        assertThat(calls.cancelled()).as("losers interrupted").isEqualTo(2);
    }

    @Test
    void eachCallRunsOnAVirtualThreadOfItsOwn() {
        Caller<String> race = race();
        calls.call(1).answer("first");
        race.value();

        assertThat(calls.made()).extracting(Calls.Call::thread)
                .allMatch(Thread::isVirtual).doesNotHaveDuplicates().doesNotContain(race.thread());
    }

    @Test
    void aFailureOnlyLoses() {
        Caller<String> race = race();

        calls.call(1).fail(new IllegalStateException("down"));
        calls.call(3).answer("third");

        assertThat(race.value()).isEqualTo("third");
    }

    @Test
    void whenAllFailTheCallersExceptionCarriesEveryFailureAsItIsInTheOrderTheyFailed() {
        Caller<String> race = race();
        List<Exception> failures = List.of(new IllegalStateException("a"), new IOException("b"),
                new IllegalStateException("c"));

        failInTurn(List.of(3, 1, 2), failures);

        assertThat(race.failure()).isExactlyInstanceOf(AllFailed.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).containsExactlyElementsOf(failures));
    }

    @Test
    void interruptingTheCallerInterruptsEveryCallAndThrowsOnceTheyHaveStopped() {
        Caller<String> race = race();

        race.thread().interrupt();

        assertThat(race.failure()).isInstanceOf(InterruptedException.class);
        assertThat(race.inFlightWhenDone()).as("calls in flight when it threw").isZero();
        assertThat(calls.cancelled()).isEqualTo(3);
    }

    /** Many times over: a call that started before the interrupt was noticed would only now and then show. */
    @Test
    void anInterruptedCallerMakesNoCall() {
        for (int race = 0; race < 20; race++) {
            Caller<String> interrupted = Caller.start(calls, () -> {
                Thread.currentThread().interrupt();
                return firstSuccess(List.of(calls, calls), AllFailed::new);
            });

            assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
        }
        assertThat(calls.count()).isZero();
    }

    /** What the helper needs from the client: a call that ignores its interrupt holds the race until it ends. */
    @Test
    void aLoserThatIgnoresItsInterruptHoldsTheRaceUntilItEnds() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean interruptIgnored = new AtomicBoolean();
        Callable<String> stubborn = () -> {
            started.set(true);
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    interruptIgnored.set(true);
                }
            }
            return "late";
        };
        Caller<String> race = Caller.start(calls, () -> firstSuccess(List.of(calls, stubborn), AllFailed::new));

        // A loser that has not started when the race is won never starts, and so has no interrupt to ignore.
        eventually().until(started::get);
        calls.call(1).answer("first");
        eventually().until(interruptIgnored::get);
        assertThat(race.isDone()).as("the race, waiting for its loser").isFalse();
        release.countDown();

        assertThat(race.value()).isEqualTo("first");
    }

    @Test
    void noAlternativeIsAMistake() {
        assertThatThrownBy(() -> firstSuccess(List.<Callable<String>>of(), AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no alternatives to race");
    }

    private Caller<String> race() {
        Caller<String> race = Caller.start(calls, () -> firstSuccess(List.of(calls, calls, calls), AllFailed::new));
        eventually().until(() -> calls.count() == 3); // every call made at once
        return race;
    }

    /** Fails call {@code numbers[i]} with {@code failures[i]}, each once the race has seen the one before. */
    private void failInTurn(List<Integer> numbers, List<? extends Exception> failures) {
        for (int i = 0; i < numbers.size(); i++) {
            calls.call(numbers.get(i)).fail(failures.get(i));
            calls.call(numbers.get(i)).awaitItsThread();
        }
    }

    /** The caller's own exception for a race everyone lost: every failure suppressed in it, in order. */
    public static final class AllFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AllFailed(List<Throwable> failures) {
            super("all " + failures.size() + " failed");
            failures.forEach(this::addSuppressed);
        }
    }
}
