package dev.asyncref.futures;

import dev.asyncref.context.OperationName;
import dev.asyncref.domain.Step;
import io.micrometer.context.ContextSnapshot;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One operation's calls (downstream calls, timers, a blocking lookup, a planning), cancelled together when it
 * ends early, and the request they are made for: the caller's MDC, captured when the scope is created, on the
 * caller's thread, and put back on every thread that works for the operation ({@link OperationContext}).
 *
 * <p>Hand-written because {@code CompletableFuture.cancel} only completes the future it is called on: it
 * never reaches the futures that stage was derived from, so cancelling the result of a
 * {@code thenCompose} chain leaves the call behind it running. The JDK and its ecosystem have no scope for
 * futures; structured concurrency is the JDK's answer, for blocking code.
 */
final class CallScope {

    private final OperationContext context;
    private final Executor executor;
    private final Queue<CompletableFuture<?>> calls = new ConcurrentLinkedQueue<>();
    private boolean ended;

    /** A scope for {@code operation}, run on {@code pool}, for the request on the current thread's MDC. */
    CallScope(OperationName operation, Executor pool) {
        this.context = OperationContext.capture(operation);
        this.executor = context.executor(pool);
    }

    /** Where the operation's steps run and its answers arrive: the pool, with the operation's MDC. */
    Executor executor() {
        return executor;
    }

    /** {@code pool} with the operation's MDC, for work that must not hold the executor's threads. */
    Executor on(Executor pool) {
        return context.executor(pool);
    }

    /** The operation's MDC on the current thread (the caller's, starting the first steps) until closed. */
    ContextSnapshot.Scope open() {
        return context.open();
    }

    /** {@link #start(Supplier, Function, Function)} with the call's value and failure as they are. */
    <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> call) {
        return start(call, value -> value, failure -> failure);
    }

    /** {@link #start(Supplier, Function, Function)} for {@code step}: a failure arrives as the step's. */
    <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> call, Step step) {
        return start(call, value -> value, step::failed);
    }

    /**
     * Starts a call, unless the operation has ended: then no further step starts. Starting holds the lock
     * that ending takes, so a call is either started and then cancelled by {@link #cancelAll}, or never
     * started: one started while the operation ends (a hedge, say) could otherwise be cancelled only after
     * the result was delivered. Starting a call never blocks, so neither does the lock.
     *
     * <p>The future returned is the call's handle: cancelling it cancels the call, so that a pattern that
     * cancels a loser or a late call ({@code dev.asyncref.futures.patterns}) reaches the call itself. It
     * completes on the {@link #executor()}, never on the downstream thread or the timer that answered, with
     * {@code value} of the answer or {@code failure} of the error, made there: whatever the operation does
     * with the answer (make the step's exception, count a race's failures, start the next call) then runs
     * with the operation's MDC, where the answering thread has none, or another request's.
     */
    synchronized <R, T> CompletableFuture<T> start(Supplier<CompletableFuture<R>> call,
            Function<? super R, ? extends T> value, Function<Throwable, ? extends Throwable> failure) {
        if (ended) {
            return CompletableFuture.failedFuture(new CancellationException("operation ended"));
        }
        CompletableFuture<R> started = call.get();
        calls.add(started);
        CompletableFuture<T> answered = new CompletableFuture<>();
        answered.whenComplete((ignored, error) -> {
            if (answered.isCancelled()) {
                started.cancel(true);
            }
        });
        started.whenComplete((answer, error) -> {
            // A stream makes a call per item, for as long as it runs: a finished call has nothing to cancel.
            calls.remove(started);
            executor.execute(() -> {
                if (error == null) {
                    answered.complete(value.apply(answer));
                } else {
                    answered.completeExceptionally(failure.apply(error));
                }
            });
        });
        return answered;
    }

    /** Ends the operation: every call still in flight is cancelled. */
    void cancelAll() {
        synchronized (this) {
            ended = true;
        }
        calls.forEach(call -> call.cancel(true));
    }
}
