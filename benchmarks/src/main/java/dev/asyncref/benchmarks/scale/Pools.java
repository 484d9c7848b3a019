package dev.asyncref.benchmarks.scale;

import java.util.LinkedHashMap;
import java.util.Map;
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

    private final Map<String, ExecutorService> made = new LinkedHashMap<>();

    /** The callbacks style's timer: one thread, which drops a cancelled timer at once. */
    ScheduledExecutorService timer() {
        return (ScheduledExecutorService) made("timer", () -> {
            ScheduledThreadPoolExecutor timer =
                    new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("timer").daemon().factory());
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        });
    }

    /** For the legacy lookups, which block: a virtual thread each. */
    ExecutorService lookups() {
        return made("lookups",
                () -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lookup-", 1).factory()));
    }

    /** For the CPU-bound plannings: one platform thread per core. */
    ExecutorService planning() {
        return made("planning", () -> fixed(CORES, "planning-"));
    }

    /** The futures style's executor for every step: one platform thread per core, never the common pool. */
    ExecutorService steps() {
        return made("steps", () -> fixed(CORES, "pizzeria-"));
    }

    /** The blocking reference's request threads. */
    ExecutorService requests() {
        return made("requests", () -> fixed(BLOCKING_POOL_SIZE, "request-"));
    }

    /** The blocking reference's threads for a fan-out's calls, apart from the request threads that wait on them. */
    ExecutorService fanOut() {
        return made("fanOut", () -> fixed(BLOCKING_POOL_SIZE, "fan-out-"));
    }

    /** A new platform thread for each call of a fan-out, as a thread-per-request server would start. */
    ExecutorService threadPerCall() {
        return made("threadPerCall",
                () -> Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("call-", 1).daemon().factory()));
    }

    private synchronized ExecutorService made(String name, Supplier<ExecutorService> executor) {
        return made.computeIfAbsent(name, unmade -> executor.get());
    }

    private static ExecutorService fixed(int threads, String prefix) {
        return Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(prefix, 1).daemon().factory());
    }

    @Override
    public synchronized void close() {
        made.values().forEach(ExecutorService::close);
    }
}
