package dev.asyncref.futures;

import dev.asyncref.downstream.Downstream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The three executors a {@link FuturePizzeria} takes, made as an application would make them and named so
 * that a test can tell from the call log which one ran what.
 */
final class Pools implements AutoCloseable {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Every step and every outcome: a small pool, never blocked. */
    final ExecutorService executor =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pizzeria-", 1).factory());

    /** The blocking lookups: a virtual thread each, so that any number may block at once. */
    final ExecutorService blocking =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lookup-", 1).factory());

    /** The plannings: one platform thread per core, and a queue for the rest. */
    final ExecutorService planning =
            Executors.newFixedThreadPool(CORES, Thread.ofPlatform().name("planning-", 1).factory());

    FuturePizzeria pizzeria(Downstream downstream) {
        return new FuturePizzeria(downstream, executor, blocking, planning);
    }

    @Override
    public void close() {
        executor.close();
        blocking.close();
        planning.close();
    }
}
