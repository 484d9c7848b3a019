package dev.asyncref.virtualthreads;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy stream over blocking calls: a call is made only when the consumer pulls past the items the calls
 * before fetched, on the consumer's own thread, which blocks in it. Each call starts where the one before
 * left off (after an update's sequence, at a page's number): its {@link Batch} says where the next starts.
 *
 * <p>A call ends the stream in one of three ways. Its failure is thrown from the pull, as the call threw
 * it. Interrupting the consumer cancels the call (the service's blocking face does that) and throws
 * {@link CancellationException}, the interrupt kept pending for the consumer's next wait: a stream's
 * methods cannot throw {@link InterruptedException}. Closing the stream, even from another thread while
 * the consumer waits on a call (as closing a socket unblocks its reader), interrupts that call the same way
 * and throws {@link CancellationException}; no call follows a close.
 *
 * <p>Hand-written because the JDK's ready-made sources do not fit: {@code Stream.iterate} needs its first
 * item before the stream is built, which is a call before any pull; {@code Spliterators.spliteratorUnknownSize}
 * over an iterator splits a parallel stream by fetching a batch of 1,024 items, a couple of hundred pages
 * nobody asked for (this one never splits); and neither has a close that reaches a call in flight.
 */
public final class CallStream<C, T> implements Spliterator<T> {

    /** One blocking call: the items that follow {@code cursor}. */
    @FunctionalInterface
    public interface Call<C, T> {
        Batch<C, T> next(C cursor) throws InterruptedException;
    }

    /**
     * What one call fetched: its items, in order, and where the next call starts, or {@code null} if no call
     * follows.
     */
    public record Batch<C, T>(List<T> items, C next) {

        /** {@code items}, and a call from {@code next} to follow. */
        public static <C, T> Batch<C, T> then(List<T> items, C next) {
            return new Batch<>(items, Objects.requireNonNull(next));
        }

        /** {@code items}, the last there are. */
        public static <C, T> Batch<C, T> last(List<T> items) {
            return new Batch<>(items, null);
        }
    }

    private final Call<C, T> call;
    private C cursor;
    private Iterator<T> fetched = List.<T>of().iterator();

    // Guards the two fields below: close() may come from any thread, pulls from the consumer's.
    private final ReentrantLock lock = new ReentrantLock();
    private Thread calling;
    private boolean closed;

    private CallStream(C first, Call<C, T> call) {
        this.cursor = first;
        this.call = call;
    }

    /** A stream whose first call starts from {@code first}; nothing is called until the consumer pulls. */
    public static <C, T> Stream<T> of(C first, Call<C, T> call) {
        CallStream<C, T> calls = new CallStream<>(first, call);
        return StreamSupport.stream(calls, false).onClose(calls::close);
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        Objects.requireNonNull(action);
        // A loop, not an if: a call may fetch nothing and still not be the last.
        while (!fetched.hasNext()) {
            if (cursor == null) {
                return false;
            }
            Batch<C, T> batch = callFrom(cursor);
            fetched = batch.items().iterator();
            cursor = batch.next();
        }
        action.accept(fetched.next());
        return true;
    }

    private Batch<C, T> callFrom(C from) {
        lock.lock();
        try {
            if (closed) {
                throw new CancellationException("the stream is closed");
            }
            calling = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        Batch<C, T> batch;
        try {
            batch = call.next(from);
        } catch (InterruptedException interrupted) {
            boolean closedMeanwhile = endCall();
            if (!closedMeanwhile) {
                Thread.currentThread().interrupt();
            }
            throw cancelled(closedMeanwhile ? "the stream was closed" : "the consumer was interrupted", interrupted);
        } catch (Throwable failure) {
            endCall();
            throw failure;
        }
        if (endCall()) {
            // The answer won the race with the close: the stream has ended all the same.
            throw new CancellationException("the stream was closed");
        }
        return batch;
    }

    /**
     * Ends the call in flight, after which close() interrupts nothing; returns whether the stream was closed
     * meanwhile. If so, the close's interrupt is cleared: it was meant for the call, not for the consumer's
     * next wait. Any other interrupt that came meanwhile goes with it, and the stream's CancellationException
     * is then all the consumer learns.
     */
    private boolean endCall() {
        lock.lock();
        try {
            calling = null;
            if (closed) {
                Thread.interrupted();
            }
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void close() {
        lock.lock();
        try {
            closed = true;
            if (calling != null) {
                calling.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    private static CancellationException cancelled(String why, InterruptedException interrupted) {
        CancellationException cancelled = new CancellationException(why);
        cancelled.initCause(interrupted);
        return cancelled;
    }

    @Override
    public Spliterator<T> trySplit() {
        return null; // splitting would fetch ahead of the consumer
    }

    /** 0 once the items fetched are taken and no call follows: the end, known without a call; else unknown. */
    @Override
    public long estimateSize() {
        return !fetched.hasNext() && cursor == null ? 0 : Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return ORDERED | NONNULL;
    }
}
