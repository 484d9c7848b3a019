package dev.asyncref.virtualthreads.patterns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Compensation: what an operation acquired (a reservation, a charge) and how to give each back if it does not
 * succeed; given back latest first, one at a time, each exactly once, a failed give-back stopping no other.
 *
 * <p>The trap it avoids: giving back on the operation's own thread, which is how blocking code usually does it
 * ({@code catch} around the steps). When what stopped the operation is an interrupt, that thread is the one
 * interrupted: an interrupted thread starts no blocking call, so the refund is refused, and a second interrupt
 * cuts it off halfway. Here the give-backs run on a thread of their own, which the caller waits for without
 * heeding interrupts, then finds its interrupt pending again. Record each acquisition on the thread whose call
 * acquired it, as the call returns: a step run on a thread of its own may be cancelled before its value reaches
 * anyone. One recorded after the give-backs began is given back at once, its failure, which nobody waits for,
 * going to {@code unheard} (a logger, say). Hand-written because the JDK has no uninterruptible wait (Guava's
 * {@code Uninterruptibles} is the usual one).
 *
 * <p>What it needs from the client: a give-back call that nothing cancels (a caller who gave up must still get
 * their money back).
 *
 * {@snippet :
 * GiveBacks giveBacks = new GiveBacks(Thread.ofVirtual().factory(), failure -> log.warn("refund failed", failure));
 * try {
 *     Receipt receipt = payments.charge(card, amount);
 *     giveBacks.acquired(() -> payments.refund(receipt));
 *     return shipping.ship(order);
 * } catch (Exception failure) {
 *     giveBacks.giveBackAll().forEach(failure::addSuppressed);
 *     throw failure;
 * }
 * }
 */
public final class GiveBacks {

    private final ThreadFactory threads;
    private final Consumer<? super Throwable> unheard;
    private final Deque<Callable<?>> acquired = new ArrayDeque<>();
    private boolean givingBack;

    /**
     * @param threads where the give-backs run (virtual threads carrying the operation's context, say), and
     *     {@code unheard}
     * @param unheard told of each give-back that fails when nobody waits for the outcome
     */
    public GiveBacks(ThreadFactory threads, Consumer<? super Throwable> unheard) {
        this.threads = threads;
        this.unheard = unheard;
    }

    /**
     * Records something acquired, with the call that gives it back; once {@link #giveBackAll} has begun, gives
     * it back at once instead, on a thread of its own that nobody waits for, telling {@code unheard} if that
     * fails.
     */
    public void acquired(Callable<?> giveBack) {
        synchronized (this) {
            if (!givingBack) {
                acquired.push(giveBack);
                return;
            }
        }
        threads.newThread(() -> inTurn(List.of(giveBack)).forEach(unheard)).start();
    }

    /**
     * Gives back everything acquired so far, latest first, each call starting once the one before has ended,
     * on a thread of its own; waits until all have ended, whatever interrupts the calling thread, and returns
     * the failures of those that failed, in the order they ran. An interrupt meanwhile is pending again on
     * return. Anything acquired from now on is given back at once ({@link #acquired}); a second call finds
     * nothing left.
     */
    public List<Throwable> giveBackAll() {
        List<Callable<?>> latestFirst = takeAll();
        List<Throwable> failures = new ArrayList<>();
        Thread givingBack = threads.newThread(() -> failures.addAll(inTurn(latestFirst)));
        givingBack.start();
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
        return List.copyOf(failures); // read after join(): every write of the giving-back thread is visible
    }

    /**
     * {@link #giveBackAll} for an operation nobody waits for any more: returns at once, and each failure goes to
     * {@code unheard}.
     */
    public void giveBackAllUnheard() {
        List<Callable<?>> latestFirst = takeAll();
        threads.newThread(() -> inTurn(latestFirst).forEach(unheard)).start();
    }

    private synchronized List<Callable<?>> takeAll() {
        givingBack = true;
        List<Callable<?>> latestFirst = List.copyOf(acquired);
        acquired.clear();
        return latestFirst;
    }

    private static List<Throwable> inTurn(List<Callable<?>> latestFirst) {
        List<Throwable> failures = new ArrayList<>();
        for (Callable<?> giveBack : latestFirst) {
            try {
                giveBack.call();
            } catch (Exception failure) {
                failures.add(failure); // a give-back that fails stops no other
            }
        }
        return failures;
    }
}
