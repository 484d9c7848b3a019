package dev.asyncref.reactive.rxjava;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A timer scheduler on which no timer fires (a {@link TestScheduler}'s clock, never advanced), and which runs a
 * task of the test's the moment the next timer is disposed, on the thread that disposes it. A step's timer is
 * disposed by the step's answer, before the answer travels on: the task then lands between the two, where a
 * caller's dispose otherwise lands only by chance.
 */
final class HookedClock extends Scheduler {

    private final TestScheduler frozen = new TestScheduler();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Runnable> atNextEnd = new AtomicReference<>(() -> { });

    /** Timers set and not yet disposed. */
    int pending() {
        return pending.get();
    }

    /** Runs {@code task} as the next timer is disposed. */
    void atNextEnd(Runnable task) {
        atNextEnd.set(task);
    }

    @Override
    public Worker createWorker() {
        return frozen.createWorker();
    }

    @Override
    public Disposable scheduleDirect(Runnable run, long delay, TimeUnit unit) {
        Disposable timer = frozen.scheduleDirect(run, delay, unit);
        pending.incrementAndGet();
        return Disposable.fromRunnable(() -> {
            timer.dispose();
            pending.decrementAndGet();
            atNextEnd.getAndSet(() -> { }).run();
        });
    }
}
