package dev.asyncref.reactive.reactor;

import dev.asyncref.reactive.TimerHook;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual clock, never advanced, so no timer fires, hooked ({@link TimerHook}): a task of the test's runs the
 * moment the next timer set on a given thread is disposed. Installed with {@link VirtualTimeScheduler#set}, as
 * {@code Mono.delay} takes its scheduler from there.
 */
final class HookedClock extends VirtualTimeScheduler {

    private final TimerHook hook = new TimerHook();

    HookedClock() {
        super(false);
    }

    /** Whether a timer set on {@code thread} is set and not yet disposed. */
    boolean pendingOn(String thread) {
        return hook.pendingOn(thread);
    }

    /** Runs {@code task} as the next timer set on {@code thread} is disposed. */
    void atNextEnd(String thread, Runnable task) {
        hook.atNextEnd(thread, task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Disposable timer = super.schedule(task, delay, unit);
        Object set = hook.set();
        return new Disposable() {
            @Override
            public void dispose() {
                timer.dispose();
                hook.ended(set);
            }

            @Override
            public boolean isDisposed() {
                return hook.hasEnded(set);
            }
        };
    }
}
