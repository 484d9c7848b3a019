package dev.asyncref.futures;

import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The downstream calls (and timers) started for one operation, cancelled together when it ends early.
 *
 * <p>Hand-written because {@code CompletableFuture.cancel} only completes the future it is called on: it
 * never reaches the futures that stage was derived from, so cancelling the result of a
 * {@code thenCompose} chain leaves the call behind it running. The JDK and its ecosystem have no scope for
 * futures; structured concurrency is the JDK's answer, for blocking code.
 */
final class CallScope {

    private final Queue<CompletableFuture<?>> calls = new ConcurrentLinkedQueue<>();
    private boolean ended;

    /**
     * Starts a call, unless the operation has ended: then no further step starts. Starting holds the lock
     * that ending takes, so a call is either started and then cancelled by {@link #cancelAll}, or never
     * started: one started while the operation ends (a hedge, say) could otherwise be cancelled only after
     * the result was delivered. Starting a call never blocks, so neither does the lock.
     */
    synchronized <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> call) {
        if (ended) {
            return CompletableFuture.failedFuture(new CancellationException("operation ended"));
        }
        CompletableFuture<T> started = call.get();
        calls.add(started);
        // A stream makes a call per item, for as long as it runs: a finished call has nothing to cancel.
        started.whenComplete((value, error) -> calls.remove(started));
        return started;
    }

    /** Ends the operation: every call still in flight is cancelled. */
    void cancelAll() {
        synchronized (this) {
            ended = true;
        }
        calls.forEach(call -> call.cancel(true));
    }
}
