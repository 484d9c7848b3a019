package dev.asyncref.reactive.rxjava.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.reactive.rxjava.UndeliverableErrors;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FirstSuccessTest {

    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    private final Calls<String> calls = new Calls<>();

    @Test
    void theFirstValueWinsAndTheLosersAreCancelledBeforeItIsDelivered() {
        AtomicReference<Long> inFlightWhenDelivered = new AtomicReference<>();
        TestObserver<String> first = race()
                .doOnSuccess(value -> inFlightWhenDelivered.set(calls.inFlight()))
                .test();
        assertThat(calls.count()).as("every alternative subscribed at once").isEqualTo(3);

        calls.call(2).onSuccess("second");

        first.assertValue("second");
        assertThat(inFlightWhenDelivered).as("calls in flight when the value was delivered").hasValue(0L);
        assertThat(calls.cancelled()).as("losers").isEqualTo(2);
    }

    @Test
    void aFailureOnlyLoses() {
        TestObserver<String> first = race().test();

        calls.call(1).onError(new IllegalStateException("down"));
        calls.call(3).onSuccess("third");

        first.assertValue("third");
    }

    @Test
    void whenAllFailTheCallersExceptionCarriesEveryFailureInTheOrderTheyFailed() {
        TestObserver<String> first = race().test();
        List<IllegalStateException> failures = List.of(new IllegalStateException("a"),
                new IllegalStateException("b"), new IllegalStateException("c"));

        calls.call(3).onError(failures.get(0));
        calls.call(1).onError(failures.get(1));
        first.assertEmpty();
        calls.call(2).onError(failures.get(2));

        first.assertError(failure -> failure instanceof AllFailed
                && List.of(failure.getSuppressed()).equals(failures));
    }

    @Test
    void disposingTheResultCancelsEveryCall() {
        TestObserver<String> first = race().test();

        first.dispose();

        assertThat(calls.cancelled()).isEqualTo(3);
    }

    /** Per-subscription state: one race subscribed twice runs twice, each with its own failures. */
    @Test
    void nothingIsCalledUntilSubscribedAndEachSubscriptionIsARaceOfItsOwn() {
        Single<String> race = FirstSuccess.firstSuccess(List.of(calls.single(), calls.single()), AllFailed::new);
        assertThat(calls.count()).as("calls made on assembly").isZero();
        List<IllegalStateException> failures = List.of(new IllegalStateException("one 1"),
                new IllegalStateException("one 2"), new IllegalStateException("other 1"),
                new IllegalStateException("other 2"));

        TestObserver<String> one = race.test();
        TestObserver<String> other = race.test();
        for (int call = 1; call <= 4; call++) {
            calls.call(call).onError(failures.get(call - 1));
        }

        one.assertError(failure -> List.of(failure.getSuppressed()).equals(failures.subList(0, 2)));
        other.assertError(failure -> List.of(failure.getSuppressed()).equals(failures.subList(2, 4)));
    }

    /**
     * A loser that fails as the winner disposes it: its failure is set aside with the others, never handed to
     * RxJavaPlugins.onError as undeliverable (which the extension would report).
     */
    @Test
    void aLoserFailingAsItIsDisposedReachesNobody() {
        Single<String> failingAsDisposed = calls.single()
                .doOnDispose(() -> calls.call(2).onError(new IllegalStateException("too late")));
        TestObserver<String> first = FirstSuccess.firstSuccess(List.of(calls.single(), failingAsDisposed),
                AllFailed::new).test();

        calls.call(1).onSuccess("first");

        first.assertValue("first");
    }

    /** The trap: amb takes the first signal, and a quick failure wins over the success that was coming. */
    @Test
    void singleAmbLetsAQuickFailureWin() {
        IllegalStateException down = new IllegalStateException("down");
        TestObserver<String> first = Single.amb(List.of(calls.single(), calls.single())).test();

        calls.call(1).onError(down);

        first.assertError(down);
        assertThat(calls.isCancelled(2)).as("the alternative that would have answered").isTrue();
    }

    @Test
    void noAlternativeIsAMistake() {
        assertThatThrownBy(() -> FirstSuccess.<String>firstSuccess(List.of(), AllFailed::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no alternatives to race");
    }

    private Single<String> race() {
        return FirstSuccess.firstSuccess(List.of(calls.single(), calls.single(), calls.single()), AllFailed::new);
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
