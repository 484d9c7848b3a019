package dev.asyncref.reactive.rxjava.patterns;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.subjects.SingleSubject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client whose calls the test answers by hand: {@link #single} is a cold {@code Single}, each subscription a
 * call, a {@link SingleSubject} the test completes; a call disposed before its answer is a subject left without
 * observers, so that what a helper started, disposed or left running is read, not timed.
 */
final class Calls<T> {

    private final List<SingleSubject<T>> made = new CopyOnWriteArrayList<>();
    private final Single<T> single = Single.defer(() -> {
        SingleSubject<T> call = SingleSubject.create();
        made.add(call);
        return call;
    });

    /** The client's call: each subscription makes one. */
    Single<T> single() {
        return single;
    }

    /** Call {@code number}, from 1, for the test to answer. */
    SingleSubject<T> call(int number) {
        return made.get(number - 1);
    }

    int count() {
        return made.size();
    }

    /** How many calls are neither answered nor cancelled. */
    long inFlight() {
        return made.stream().filter(SingleSubject::hasObservers).count();
    }

    long cancelled() {
        return made.stream().filter(Calls::isCancelled).count();
    }

    boolean isCancelled(int number) {
        return isCancelled(call(number));
    }

    private static boolean isCancelled(SingleSubject<?> call) {
        return !call.hasObservers() && !call.hasValue() && !call.hasThrowable();
    }
}
