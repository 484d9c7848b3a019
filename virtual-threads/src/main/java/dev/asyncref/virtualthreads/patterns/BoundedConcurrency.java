package dev.asyncref.virtualthreads.patterns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One blocking call per item with at most {@code limit} in flight, the results in the items' order:
 * {@link #inOrder} fails fast (the first failure interrupts the calls in flight, starts no more, and is thrown
 * once they have stopped), {@link #inOrderCollectingAll} turns each failure into that item's result and stops
 * nothing. Interrupting the caller interrupts the calls in flight and starts no more.
 *
 * <p>The trap it avoids: a fixed pool of {@code limit} threads as the limit. It keeps at most {@code limit} calls
 * in flight only by pooling threads, which virtual threads are meant never to be (cheap, one per task), and its
 * {@code invokeAll} cannot stop on the first failure: it waits for every call. Here every item gets a virtual
 * thread, and a {@link Semaphore} of {@code limit} permits bounds what needs bounding, the calls: a thread takes
 * a permit before its call and gives it back after.
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
     * Makes {@code call} of each item on a virtual thread of its own, at most {@code limit} at once, and returns
     * every value in the items' order, or throws the first failure once the calls in flight have stopped.
     *
     * @param call makes, on the calling thread, the call for one item; the call runs on its item's thread
     * @throws ExecutionException if the first failure was a checked exception, its cause; an unchecked one is
     *     thrown as it is
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static <I, O> List<O> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call)
            throws ExecutionException, InterruptedException {
        Batch<O> batch = new Batch<>(limit, true);
        List<Future<O>> calls = batch.run(items, call);
        if (batch.firstFailure.get() != null) {
            throw rethrown(batch.firstFailure.get());
        }
        return calls.stream().map(Future::resultNow).toList();
    }

    /**
     * As {@link #inOrder}, but a failed call's result is {@code onFailure} of its item and its failure, made on
     * the calling thread once every call has ended; nothing stops the batch but the caller's interrupt.
     */
    public static <I, O> List<O> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) throws InterruptedException {
        List<Future<O>> calls = new Batch<O>(limit, false).run(items, call);
        List<O> results = new ArrayList<>(calls.size());
        Iterator<I> item = items.iterator();
        for (Future<O> one : calls) {
            I itsItem = item.next();
            results.add(one.state() == Future.State.SUCCESS
                    ? one.resultNow()
                    : onFailure.apply(itsItem, one.exceptionNow()));
        }
        return Collections.unmodifiableList(results);
    }

    /** One batch: its permits, and whether it has stopped; shared by the caller and every item's thread. */
    private static final class Batch<O> {

        private final Semaphore permits;
        private final boolean failFast;
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private volatile boolean stopped;

        Batch(int limit, boolean failFast) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
            this.permits = new Semaphore(limit, true); // fair: the items get their turn in the order they asked
            this.failFast = failFast;
        }

        /** Every item's call, each future done (cancelled once the batch stopped) when this returns. */
        <I> List<Future<O>> run(List<I> items, Function<? super I, ? extends Callable<? extends O>> call)
                throws InterruptedException {
            if (Thread.interrupted()) {
                // A new thread does not inherit the interrupt: the first calls would start before take() noticed it.
                throw new InterruptedException("no call made: the caller was interrupted");
            }
            List<Future<O>> calls = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                CompletionService<O> ended = new ExecutorCompletionService<>(threads);
                for (I item : items) {
                    Callable<? extends O> itsCall = call.apply(item);
                    calls.add(ended.submit(() -> inTurn(itsCall)));
                }
                try {
                    for (int done = 0; done < calls.size() && firstFailure.get() == null; done++) {
                        ended.take();
                    }
                } finally {
                    stopped = true; // before the cancels: a call given the permit of a cancelled one never starts
                    calls.forEach(started -> started.cancel(true));
                }
            }
            return calls;
        }

        /** The call, once a permit is free, unless the batch stopped while it waited: then nothing. */
        private O inTurn(Callable<? extends O> call) throws Exception {
            permits.acquire();
            try {
                return stopped ? null : call.call(); // a null nobody reads: the batch has stopped
            } catch (Throwable failure) {
                if (failFast && firstFailure.compareAndSet(null, failure)) {
                    stopped = true; // before the permit is given back: no call waiting for it starts after a failure
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
