package dev.asyncref.reactive.reactor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual clock, never advanced, so no timer fires, which runs a task of the test's the moment the next timer
 * set on a given thread is disposed, on the thread that disposes it. A step's timer is cancelled by the step's answer, before the
 * answer travels on: the task then lands between the two, where a caller's cancel otherwise lands only by chance.
 * Installed with {@link VirtualTimeScheduler#set}, as {@code Mono.delay} takes its scheduler from there.
 */
final class HookedClock extends VirtualTimeScheduler {

    private final Map<Disposable, String> pending = new ConcurrentHashMap<>();
    private volatile String hookedThread = "";
    private final AtomicReference<Runnable> atNextEnd = new AtomicReference<>(() -> { });

    HookedClock() {
        super(false);
    }

    /**
     * Whether a timer set on {@code thread} is set and not yet disposed. By thread, not by count: a step that
     * answers while its timer is still being set disposes that timer only once the setting returns, maybe after
     * the next step has started, and a step that answers before its timer is subscribed sets none.
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
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Disposable timer = super.schedule(task, delay, unit);
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
