package dev.asyncref.reactive.rxjava;

import dev.asyncref.reactive.TimerHook;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.concurrent.TimeUnit;

/**
 * A timer scheduler on which no timer fires (a {@link TestScheduler}'s clock, never advanced), hooked
 * ({@link TimerHook}): a task of the test's runs the moment the next timer set on a given thread is disposed.
 */
final class HookedClock extends Scheduler {

    private final TestScheduler frozen = new TestScheduler();
    private final TimerHook hook = new TimerHook();

    /** Whether a timer set on {@code thread} is set and not yet disposed. */
    boolean pendingOn(String thread) {
        return hook.pendingOn(thread);
    }

    /** Runs {@code task} as the next timer set on {@code thread} is disposed. */
    void atNextEnd(String thread, Runnable task) {
        hook.atNextEnd(thread, task);
    }

    @Override
    public Worker createWorker() {
        return frozen.createWorker();
    }

    @Override
    public Disposable scheduleDirect(Runnable run, long delay, TimeUnit unit) {
        Disposable timer = frozen.scheduleDirect(run, delay, unit);
        Object set = hook.set();
        return Disposable.fromRunnable(() -> {
            timer.dispose();
            hook.ended(set);
        });
    }
}
