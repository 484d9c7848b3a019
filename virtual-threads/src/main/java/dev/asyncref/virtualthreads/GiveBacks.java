package dev.asyncref.virtualthreads;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What an operation has acquired so far, each with the call that gives it back: if the operation does not
 * finish, everything is given back, latest first and one at a time, each thing once.
 *
 * <p>Each step records its thing the moment its call returns, on the thread that made the call: a call
 * whose answer won a race with an interrupt still returns it, and a step run on a fork may be cancelled
 * before the fork's result reaches anyone, so nothing later may be relied on to see it.
 *
 * <p>Give-backs run on a virtual thread of their own, which the caller waits for without heeding
 * interrupts. Interrupting is how blocking code cancels, and an interrupted thread starts no blocking call:
 * a refund made on the operation's own thread would be refused, or cancelled by a second interrupt halfway
 * through. The caller's interrupt is not lost: it is pending again once the give-backs are done.
 * Hand-written because the JDK has no uninterruptible join (Guava's {@code Uninterruptibles} is the usual
 * one).
 */
public final class GiveBacks {

    /** The call that gives back one thing an operation acquired. */
    @FunctionalInterface
    public interface GiveBack<T> {
        void giveBack(T acquired) throws InterruptedException;
    }

    // Concurrent: each step records its thing on the thread that made its call, often a fork.
    private final Deque<Callable<?>> acquired = new ConcurrentLinkedDeque<>();

    /** Records {@code thing} as acquired, to be given back with {@code giveBack} if need be; returns it. */
    public <T> T acquired(T thing, GiveBack<? super T> giveBack) {
        acquired.push(() -> {
            giveBack.giveBack(thing);
            return thing;
        });
        return thing;
    }

    /**
     * Gives back everything acquired, latest first and one at a time, and waits until all have ended,
     * whatever interrupts the calling thread; nothing is given back twice. Called once the steps have ended.
     *
     * @return the failures of the give-backs that failed, in the order they ran
     */
    public List<Exception> giveBackAll() {
        List<Exception> failures = new ArrayList<>();
        // Carried: a thread started by hand inherits no scoped value, and a refund must name its request.
        Thread givingBack = Thread.ofVirtual().name("give-back").start(RequestScope.carried(() -> {
            for (Callable<?> giveBack = acquired.poll(); giveBack != null; giveBack = acquired.poll()) {
                try {
                    giveBack.call();
                } catch (Exception failure) {
                    failures.add(failure); // a give-back that fails stops no other
                }
            }
        }));
        boolean interrupted = false;
        while (givingBack.isAlive()) {
            try {
                givingBack.join();
            } catch (InterruptedException keptForLater) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failures; // read after join(): every write of the giving-back thread is visible
    }
}
