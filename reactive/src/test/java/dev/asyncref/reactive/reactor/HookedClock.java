package dev.asyncref.reactive.reactor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual clock, never advanced, so no timer fires, which runs a task of the test's the moment the next timer
 * is disposed, on the thread that disposes it. A step's timer is cancelled by the step's answer, before the
 * answer travels on: the task then lands between the two, where a caller's cancel otherwise lands only by chance.
 * Installed with {@link VirtualTimeScheduler#set}, as {@code Mono.delay} takes its scheduler from there.
 */
final class HookedClock extends VirtualTimeScheduler {

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger set = new AtomicInteger();
    private final AtomicReference<Runnable> atNextEnd = new AtomicReference<>(() -> { });

    HookedClock() {
        super(false);
    }

    /** Timers set and not yet disposed. */
    int pending() {
        return pending.get();
    }

    /**
     * Timers set so far. With {@link #pending()}, it tells which timer is the one pending: a step's timer is
     * disposed by its answer, but may be disposed only after the next step's call has started (when the answer
     * came while the timer was still being set), so "one pending" alone may still be the step before's.
     */
    int set() {
        return set.get();
    }

    /** Runs {@code task} as the next timer is disposed. */
    void atNextEnd(Runnable task) {
        atNextEnd.set(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Disposable timer = super.schedule(task, delay, unit);
        set.incrementAndGet();
        pending.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        return new Disposable() {
            @Override
            public void dispose() {
                if (ended.compareAndSet(false, true)) {
                    timer.dispose();
                    pending.decrementAndGet();
                    atNextEnd.getAndSet(() -> { }).run();
                }
            }

            @Override
            public boolean isDisposed() {
                return ended.get();
            }
        };
    }
}
