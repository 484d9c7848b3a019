package dev.asyncref.reactive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bookkeeping of both libraries' hooked clocks: the timers set and not yet ended, each with the thread that
 * set it, and a task of the test's to run the moment the next timer set on a given thread ends, on the thread
 * that ends it. A step's timer ends with the step's answer, before the answer travels on: the task then lands
 * between the two, where a caller's cancel otherwise lands only by chance.
 *
 * <p>By thread, not by count: a step is subscribed around its timer, and one that answers while its timer is
 * still being set has the next step started, on another thread, before that timer ends, or sets none at all.
 */
public final class TimerHook {

    private final Map<Object, String> pending = new ConcurrentHashMap<>();
    private volatile String hookedThread = "";
    private final AtomicReference<Runnable> atNextEnd = new AtomicReference<>(() -> { });

    /** Records a timer set now, on the current thread; what it returns is that timer, for {@link #ended}. */
    public Object set() {
        Object timer = new Object();
        pending.put(timer, Thread.currentThread().getName());
        return timer;
    }

    /** Records that {@code timer} ended (fired or disposed); only its first end counts. */
    public void ended(Object timer) {
        String thread = pending.remove(timer);
        if (thread != null && thread.equals(hookedThread)) {
            atNextEnd.getAndSet(() -> { }).run();
        }
    }

    public boolean hasEnded(Object timer) {
        return !pending.containsKey(timer);
    }

    /** Whether a timer set on {@code thread} has not ended yet. */
    public boolean pendingOn(String thread) {
        return pending.containsValue(thread);
    }

    /** Runs {@code task} as the next timer set on {@code thread} ends. */
    public void atNextEnd(String thread, Runnable task) {
        hookedThread = thread;
        atNextEnd.set(task);
    }
}
