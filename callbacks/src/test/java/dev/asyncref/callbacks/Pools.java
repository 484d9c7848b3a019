package dev.asyncref.callbacks;

import dev.asyncref.downstream.Downstream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The three pools a test's {@link CallbackPizzeria} is given, as its caller would own them, each thread
 * named after its pool so that the call log tells them apart: {@code timer}, {@code lookup-N},
 * {@code planning-N}. Closing interrupts whatever is left, so a held lookup or planning never holds up the
 * next test.
 */
final class Pools implements AutoCloseable {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    /** More than any test blocks at once (the contract's 4 x cores + 4), so no lookup waits for a thread. */
    static final int LOOKUP_THREADS = 8 * CORES;

    final ScheduledThreadPoolExecutor timer = timer();
    final ThreadPoolExecutor lookups = fixed(LOOKUP_THREADS, "lookup-");
    final ThreadPoolExecutor planning = fixed(CORES, "planning-");

    CallbackPizzeria pizzeria(Downstream downstream) {
        return new CallbackPizzeria(downstream, timer, lookups, planning);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        lookups.shutdownNow();
        planning.shutdownNow();
    }

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("timer").daemon().factory());
        // A cancelled timer leaves the queue at once (by default it stays until its delay runs out, which
        // would hide whether it was cancelled), and closing drops the timers left, so that a leaked one
        // fails its test instead of holding up close() for an hour.
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    private static ThreadPoolExecutor fixed(int threads, String name) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(name, 1).daemon().factory());
    }
}
