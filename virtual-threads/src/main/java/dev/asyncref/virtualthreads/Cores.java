package dev.asyncref.virtualthreads;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

/**
 * Where CPU-bound work runs: on platform threads, at most one per core at once across the whole JVM, as the
 * cores are the JVM's. The waiting caller is a virtual thread, which costs nothing while it waits.
 *
 * <p>Not on the caller's virtual thread, though that would be simpler: the virtual-thread scheduler never
 * preempts a virtual thread, so as many computations as there are carriers (one per core) would hold every
 * carrier until they end, and no other virtual thread (a timeout's, a hedge's, any other operation's) would
 * run meanwhile. A platform thread is preempted by the operating system, which shares the cores between the
 * computations and the carriers.
 *
 * <ul>
 *   <li><b>Bound.</b> A {@link Semaphore} of one permit per core: the caller takes one before the platform
 *       thread starts, so work waiting for a core is a parked virtual thread, not a queued task.
 *   <li><b>Cancellation.</b> Interrupting the caller while it waits for a core starts nothing. Interrupting it
 *       while the work computes interrupts the platform thread, which the work sees at its next check
 *       ({@link Work#compute}'s {@code cancelled}); the caller waits until the work has stopped, and its core
 *       is free, before it throws {@link InterruptedException}.
 *   <li><b>Context.</b> The platform thread does not inherit the caller's scoped values: the request is carried
 *       over for that one task ({@link RequestScope#carried}).
 * </ul>
 *
 * <p>A platform thread per computation rather than a pool of them: starting one costs some tens of
 * microseconds against milliseconds of work, and in return a cancelled computation needs no queue cleaned
 * of it, and closing the thread's executor is how the caller waits until the work has stopped.
 */
public final class Cores {

    /** CPU-bound work that stops, throwing {@link java.util.concurrent.CancellationException}, once cancelled. */
    @FunctionalInterface
    public interface Work<T> {
        T compute(BooleanSupplier cancelled);
    }

    private static final int COUNT = Runtime.getRuntime().availableProcessors();
    // Fair: computations get their core in the order they asked for it, so none waits behind later ones.
    private static final Semaphore FREE = new Semaphore(COUNT, true);
    private static final ThreadFactory THREADS = Thread.ofPlatform().name("core-", 1).daemon().factory();

    private Cores() {}

    /** How many computations run at most at once. */
    public static int count() {
        return COUNT;
    }

    /** Runs {@code work} on a core, once one is free, and returns or throws what it does. */
    public static <T> T compute(Work<T> work) throws InterruptedException {
        FREE.acquire();
        try (ExecutorService core = Executors.newThreadPerTaskExecutor(THREADS)) {
            Callable<T> onThisCore = () -> work.compute(Thread.currentThread()::isInterrupted);
            Future<T> computing = core.submit(RequestScope.carried(onThisCore));
            try {
                return computing.get();
            } catch (ExecutionException failed) {
                throw unchecked(failed.getCause());
            } finally {
                // On interrupt: the work sees the interrupt at its next check, and close() waits for that.
                computing.cancel(true);
            }
        } finally {
            FREE.release();
        }
    }

    private static RuntimeException unchecked(Throwable failure) {
        return switch (failure) {
            case RuntimeException thrown -> thrown;
            case Error error -> throw error;
            default -> new IllegalStateException("CPU-bound work threw a checked exception", failure);
        };
    }
}
