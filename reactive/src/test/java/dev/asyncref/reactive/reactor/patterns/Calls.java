package dev.asyncref.reactive.reactor.patterns;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.test.publisher.TestPublisher;

/**
 * A client whose calls the test answers by hand: each subscription to {@link #mono()} makes one call, a
 * {@link TestPublisher} that the test answers and that records its cancel, so that what a helper subscribed,
 * cancelled or left running is read, not timed.
 */
final class Calls<T> {

    private final List<TestPublisher<T>> made = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final Set<Integer> answered = ConcurrentHashMap.newKeySet();
    private final boolean crossingTheCancel;

    Calls() {
        this(false);
    }

    private Calls(boolean crossingTheCancel) {
        this.crossingTheCancel = crossingTheCancel;
    }

    /**
     * Calls whose answer may still arrive after their cancel, as a real call's does when the two cross: Reactive
     * Streams only asks a cancelled publisher to stop eventually (rule 3.12).
     */
    static <T> Calls<T> crossingTheCancel() {
        return new Calls<>(true);
    }

    /** A cold Mono: each subscription makes a call nobody has answered yet. */
    Mono<T> mono() {
        return Mono.defer(() -> {
            TestPublisher<T> call = crossingTheCancel
                    ? TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION)
                    : TestPublisher.create();
            made.add(call);
            threads.add(Thread.currentThread().getName());
            // fromDirect: Mono.from would cancel the call as its value passes, and so count as its cancel.
            return Mono.fromDirect(call);
        });
    }

    /** Answers call {@code number} (from 1) with {@code value}. */
    void answer(int number, T value) {
        answered.add(number);
        made.get(number - 1).next(value).complete();
    }

    /** Answers call {@code number} (from 1) with {@code failure}. */
    void fail(int number, Throwable failure) {
        answered.add(number);
        made.get(number - 1).error(failure);
    }

    boolean cancelled(int number) {
        return made.get(number - 1).wasCancelled();
    }

    /** The name of the thread that made call {@code number}. */
    String thread(int number) {
        return threads.get(number - 1);
    }

    int count() {
        return made.size();
    }

    /** How many calls are neither answered nor cancelled. */
    long inFlight() {
        return IntStream.rangeClosed(1, count()).filter(call -> !answered.contains(call) && !cancelled(call)).count();
    }

    long cancelled() {
        return IntStream.rangeClosed(1, count()).filter(this::cancelled).count();
    }
}
