package dev.asyncref.benchmarks.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The threads a caller lends to the contenders that take them, made on first use, so that a JVM measuring
 * one contender starts only that contender's threads, and shared by every run of that JVM, as an application
 * shares its pools. Closed once, at the end.
 */
public final class Pools implements AutoCloseable {

    /** The size of the blocking reference's pool: a classic servlet container's default worker count. */
    public static final int BLOCKING_POOL_SIZE = 200;

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final List<ExecutorService> made = new ArrayList<>();
    private ScheduledExecutorService timer;
    private ExecutorService lookups;
    private ExecutorService planning;
    private ExecutorService steps;
    private ExecutorService requests;
    private ExecutorService fanOut;
    private ExecutorService threadPerCall;

    /** The callbacks style's timer: one thread, which drops a cancelled timer at once. */
    synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            ScheduledThreadPoolExecutor executor =
                    new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("timer").daemon().factory());
            executor.setRemoveOnCancelPolicy(true);
            timer = made(() -> executor);
        }
        return timer;
    }

    /** For the legacy lookups, which block: a virtual thread each. */
    synchronized ExecutorService lookups() {
        if (lookups == null) {
            lookups = made(() -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lookup-", 1).factory()));
        }
        return lookups;
    }

    /** For the CPU-bound plannings: one platform thread per core. */
    synchronized ExecutorService planning() {
        if (planning == null) {
            planning = made(() -> Executors.newFixedThreadPool(CORES,
                    Thread.ofPlatform().name("planning-", 1).daemon().factory()));
        }
        return planning;
    }

    /** The futures style's executor for every step: one platform thread per core, never the common pool. */
    synchronized ExecutorService steps() {
        if (steps == null) {
            steps = made(() -> Executors.newFixedThreadPool(CORES,
                    Thread.ofPlatform().name("pizzeria-", 1).daemon().factory()));
        }
        return steps;
    }

    /** The blocking reference's request threads. */
    synchronized ExecutorService requests() {
        if (requests == null) {
            requests = made(() -> Executors.newFixedThreadPool(BLOCKING_POOL_SIZE,
                    Thread.ofPlatform().name("request-", 1).daemon().factory()));
        }
        return requests;
    }

    /** The blocking reference's threads for a fan-out's calls, apart from the request threads that wait on them. */
    synchronized ExecutorService fanOut() {
        if (fanOut == null) {
            fanOut = made(() -> Executors.newFixedThreadPool(BLOCKING_POOL_SIZE,
                    Thread.ofPlatform().name("fan-out-", 1).daemon().factory()));
        }
        return fanOut;
    }

    /** A new platform thread for each call of a fan-out, as a thread-per-request server would start. */
    synchronized ExecutorService threadPerCall() {
        if (threadPerCall == null) {
            threadPerCall = made(() -> Executors.newThreadPerTaskExecutor(
                    Thread.ofPlatform().name("call-", 1).daemon().factory()));
        }
        return threadPerCall;
    }

    private <T extends ExecutorService> T made(Supplier<T> executor) {
        T made = executor.get();
        this.made.add(made);
        return made;
    }

    @Override
    public synchronized void close() {
        made.forEach(ExecutorService::close);
    }
}
