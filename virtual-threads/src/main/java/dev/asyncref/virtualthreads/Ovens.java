package dev.asyncref.virtualthreads;

import dev.asyncref.domain.Pizza;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A batch's ovens: at most so many bakes at once, and none after the first failure. The thread that forks
 * the bakes takes an oven before each fork, and each bake gives its oven back when it ends.
 *
 * <p>Virtual threads are limited, not pooled: a {@link Semaphore} caps how many bakes exist at once. The
 * caller takes the oven before it forks, rather than every fork waiting for one, so that stopping the batch
 * (on a failure or an interrupt) is simply forking no more: a fork already waiting for an oven could still
 * start its bake after the batch has stopped.
 */
public final class Ovens {

    /** What a batch does with one pizza, in its oven. */
    @FunctionalInterface
    public interface Bake<T> {
        T bake(Pizza pizza) throws InterruptedException;
    }

    private final int count;
    private final Semaphore free;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    public Ovens(int count) {
        this.count = count;
        this.free = new Semaphore(count);
    }

    /**
     * Waits for a free oven and takes it for the next bake; returns false, at once or as soon as it happens,
     * if a bake has failed, and then no more bakes should start.
     */
    public boolean take() throws InterruptedException {
        if (failed()) {
            // The caller may hold the failed bake's oven, and the others come back only once cancelled.
            return false;
        }
        free.acquire();
        return !failed();
    }

    /** Takes back every oven, which means that every bake has ended; returns false as soon as one fails. */
    public boolean takeAll() throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (!take()) {
                return false;
            }
        }
        return true;
    }

    /** {@code bake}, giving its oven back when it ends. */
    public <T> Callable<T> givingBackTheOven(Callable<T> bake) {
        return () -> {
            try {
                return bake.call();
            } catch (Throwable failure) {
                // Recorded before the oven is given back: whoever takes that oven next sees the failure,
                // so no bake can start after it.
                firstFailure.compareAndSet(null, failure);
                throw failure;
            } finally {
                free.release();
            }
        };
    }

    /** The first failure of a bake, or {@code null} if none failed. */
    public Throwable failure() {
        return firstFailure.get();
    }

    private boolean failed() {
        return firstFailure.get() != null;
    }
}
