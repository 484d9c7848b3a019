package dev.asyncref.virtualthreads.structured.patterns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One blocking call per item, each forked into a {@link StructuredTaskScope}, with at most {@code limit} in
 * flight, the results in the items' order: {@link #inOrder} fails fast (the first failure cancels the scope,
 * which interrupts the calls in flight, starts no more, and is thrown once they have stopped),
 * {@link #inOrderCollectingAll} turns each failure into that item's result and stops nothing. Interrupting the
 * caller cancels the scope the same way.
 *
 * <p>The trap it avoids: a fixed pool of {@code limit} threads as the limit, the forks handing their calls to
 * it. It keeps at most {@code limit} calls in flight only by pooling threads, which virtual threads are meant never
 * to be, and its tasks are not forks: cancelling the scope neither reaches them nor waits for them. Here every
 * item is a fork, and a {@link Semaphore} of {@code limit} permits bounds what needs bounding, the calls: a fork
 * takes a permit before its call and gives it back after. (JEP 505, a preview API in JDK 25: this package is the
 * only code that uses it.)
 *
 * <p>What it needs from the client: an interrupt cancels a call (it stops the call and throws
 * {@link InterruptedException}); a call that swallows it holds its permit, and the batch, until it ends. And a
 * call that blocks without unmounting its virtual thread (in native code, or inside {@code synchronized} before
 * JDK 24: pinning, which JDK Flight Recorder reports as {@code jdk.VirtualThreadPinned}) holds a carrier thread
 * too, and as many such calls as cores hold them all: keep {@code limit} below the cores for such a client.
 *
 * {@snippet :
 * List<BigDecimal> prices = BoundedConcurrency.inOrder(skus, 4, sku -> () -> client.price(sku));
 * }
 */
public final class BoundedConcurrency {

    private BoundedConcurrency() {}

    /**
     * Forks {@code call} of each item, at most {@code limit} calls at once, and returns every value in the items'
     * order, or throws the first failure once the calls in flight have stopped.
     *
     * @param call makes, on the calling thread, the call for one item; the call runs on its item's fork
     * @throws ExecutionException if the first failure was a checked exception, its cause; an unchecked one is
     *     thrown as it is
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static <I, O> List<O> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call)
            throws ExecutionException, InterruptedException {
        try {
            return new Batch<O>(limit, true).run(items, call, Joiner.awaitAllSuccessfulOrThrow()).stream()
                    .map(Subtask::get).toList();
        } catch (StructuredTaskScope.FailedException failed) {
            throw rethrown(failed.getCause());
        }
    }

    /**
     * As {@link #inOrder}, but a failed call's result is {@code onFailure} of its item and its failure, made on
     * the calling thread once every call has ended; nothing stops the batch but the caller's interrupt.
     */
    public static <I, O> List<O> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) throws InterruptedException {
        List<Subtask<O>> calls = new Batch<O>(limit, false).run(items, call, Joiner.awaitAll());
        List<O> results = new ArrayList<>(calls.size());
        Iterator<I> item = items.iterator();
        for (Subtask<O> one : calls) {
            I itsItem = item.next();
            results.add(one.state() == Subtask.State.SUCCESS ? one.get() : onFailure.apply(itsItem, one.exception()));
        }
        return Collections.unmodifiableList(results);
    }

    /** One batch: its permits, and whether a failure has stopped it; shared by the owner and every fork. */
    private static final class Batch<O> {

        private final Semaphore permits;
        private final boolean failFast;
        private volatile boolean failed;

        Batch(int limit, boolean failFast) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
            this.permits = new Semaphore(limit, true); // fair: the items get their turn in the order they asked
            this.failFast = failFast;
        }

        /** Every item's fork, each ended when this returns, unless {@code joiner} throws a failure. */
        <I> List<Subtask<O>> run(List<I> items, Function<? super I, ? extends Callable<? extends O>> call,
                Joiner<O, Void> joiner) throws InterruptedException {
            if (Thread.interrupted()) {
                // A fork does not inherit the interrupt: the first calls would start before join() noticed it.
                throw new InterruptedException("no call made: the caller was interrupted");
            }
            List<Subtask<O>> calls = new ArrayList<>();
            try (var scope = StructuredTaskScope.open(joiner)) {
                for (I item : items) {
                    Callable<? extends O> itsCall = call.apply(item);
                    calls.add(scope.fork(() -> inTurn(itsCall, scope)));
                }
                scope.join();
            }
            return calls;
        }

        /** The call, once a permit is free, unless the batch stopped while it waited: then nothing. */
        private O inTurn(Callable<? extends O> call, StructuredTaskScope<?, ?> scope) throws Exception {
            permits.acquire();
            try {
                // failed: set by a failing fork before it gives its permit back, so before the scope is cancelled.
                return failed || scope.isCancelled() ? null : call.call(); // a null nobody reads: the batch stopped
            } catch (Throwable failure) {
                if (failFast) {
                    failed = true; // before the permit is given back: no call waiting for it starts after a failure
                }
                throw failure;
            } finally {
                permits.release();
            }
        }
    }

    /** A call's own failure: thrown as it is if unchecked; a checked one wrapped, once. */
    private static ExecutionException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new ExecutionException(failure);
    }
}
