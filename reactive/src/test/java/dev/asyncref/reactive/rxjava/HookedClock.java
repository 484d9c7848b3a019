package dev.asyncref.reactive.rxjava;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A timer scheduler on which no timer fires (a {@link TestScheduler}'s clock, never advanced), and which runs a
 * task of the test's the moment the next timer set on a given thread is disposed, on the thread that disposes it.
 * A step's timer is disposed by the step's answer, before the answer travels on: the task then lands between the
 * two, where a caller's dispose otherwise lands only by chance.
 */
final class HookedClock extends Scheduler {

    private final TestScheduler frozen = new TestScheduler();
    private final Map<Disposable, String> pending = new ConcurrentHashMap<>();
    private volatile String hookedThread = "";
    private final AtomicReference<Runnable> atNextEnd = new AtomicReference<>(() -> { });

    /**
     * Whether a timer set on {@code thread} is set and not yet disposed. By thread, not by count: a step is
     * subscribed before its timer, and one that answers meanwhile has the next step started, on another thread,
     * while its own timer is still being set (and disposed at once), or never set at all.
     */
    boolean pendingOn(String thread) {
        return pending.containsValue(thread);
    }

    /** Runs {@code task} as the next timer set on {@code thread} is disposed. */
    void atNextEnd(String thread, Runnable task) {
        hookedThread = thread;
        atNextEnd.set(task);
    }

    @Override
    public Worker createWorker() {
        return frozen.createWorker();
    }

    @Override
    public Disposable scheduleDirect(Runnable run, long delay, TimeUnit unit) {
        Disposable timer = frozen.scheduleDirect(run, delay, unit);
        String thread = Thread.currentThread().getName();
        AtomicBoolean ended = new AtomicBoolean();
        Disposable handle = new Disposable() {
            @Override
            public void dispose() {
                if (ended.compareAndSet(false, true)) {
                    timer.dispose();
                    pending.remove(this);
                    if (thread.equals(hookedThread)) {
                        atNextEnd.getAndSet(() -> { }).run();
                    }
                }
            }

            @Override
            public boolean isDisposed() {
                return ended.get();
            }
        };
        pending.put(handle, thread);
        return handle;
    }
}
