package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * A helper called on a virtual thread of its own, named {@code caller}, as a caller would call it: what it
 * returned or threw, and, the moment it did, how many calls were still in flight and whether its thread was
 * interrupted.
 */
public final class Caller<T> {

    private final Thread thread;
    private final AtomicReference<T> value = new AtomicReference<>();
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();
    private volatile int inFlightWhenDone = -1;
    private volatile boolean interruptedWhenDone;

    private Caller(IntSupplier inFlight, Callable<T> helper) {
        this.thread = Thread.ofVirtual().name("caller").unstarted(() -> {
            try {
                value.set(helper.call());
            } catch (Throwable throwable) {
                thrown.set(throwable);
            } finally {
                interruptedWhenDone = Thread.currentThread().isInterrupted();
                inFlightWhenDone = inFlight.getAsInt();
            }
        });
    }

    /** Calls {@code helper}, counting {@code calls} in flight when it is done. */
    public static <T> Caller<T> start(Calls<?> calls, Callable<T> helper) {
        return start(calls::inFlight, helper);
    }

    public static <T> Caller<T> start(IntSupplier inFlight, Callable<T> helper) {
        Caller<T> caller = new Caller<>(inFlight, helper);
        caller.thread.start();
        return caller;
    }

    /** What the helper returned, once it has; fails the test if it threw. */
    public T value() {
        awaitDone();
        assertThat(thrown.get()).as("thrown by the helper").isNull();
        return value.get();
    }

    /** What the helper threw, once it has; fails the test if it returned. */
    public Throwable failure() {
        awaitDone();
        assertThat(thrown.get()).as("thrown by the helper, which returned " + value.get()).isNotNull();
        return thrown.get();
    }

    public Thread thread() {
        return thread;
    }

    public boolean isDone() {
        return !thread.isAlive();
    }

    public int inFlightWhenDone() {
        awaitDone();
        return inFlightWhenDone;
    }

    public boolean interruptedWhenDone() {
        awaitDone();
        return interruptedWhenDone;
    }

    // A ceiling, not a sleep: a helper that never returns fails the test instead of hanging it.
    private void awaitDone() {
        eventually().until(this::isDone);
    }
}
