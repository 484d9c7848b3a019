package dev.asyncref.futures.patterns;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * An executor whose tasks wait until the test runs them, so that the test can act between a timer's end and
 * what follows it, or see that a cancelled timer never handed anything on.
 */
final class Queued implements Executor {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    int waiting() {
        return tasks.size();
    }

    void runAll() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    /**
     * Returns once every JDK timer ({@code completeOnTimeout}) set so far for at most {@code delay} has fired and
     * handed its task on: those timers fire one at a time, on one thread, in the order they are due, so a timer
     * set now for {@code delay} fires after them all. An event waited for, not a time guessed.
     */
    static void afterTimersSetFor(Duration delay) {
        new CompletableFuture<Void>().completeOnTimeout(null, TimeUnit.NANOSECONDS.convert(delay),
                TimeUnit.NANOSECONDS).join();
    }
}
