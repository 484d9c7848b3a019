package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Compensation: what an operation acquired (a reservation, a charge) and how to give each back if it does not
 * succeed; given back latest first, one at a time, each exactly once, a failed give-back stopping no other.
 *
 * <p>The trap it avoids: a give-back recorded by the operation's own callback loses the charge whose answer
 * arrives just as the caller cancels (the cancelled operation drops that answer); recorded both there and at
 * the call, it is given back twice. Record each acquisition in the call's own answer, before anything can drop
 * it: one that arrives after the give-backs have begun is given back at once, and its failure, which nobody
 * waits for, goes to {@code unheard} (a logger, say). And each give-back starts from the answer of the one
 * before: give-backs that answer at once would nest, so one loop starts them.
 *
 * <p>What it needs from the client: a give-back call that is never cancelled with the operation (a caller who
 * gave up must still get their money back): the handle each give-back returns is dropped.
 *
 * {@snippet :
 * GiveBacks giveBacks = new GiveBacks(failure -> log.warn("refund failed", failure));
 * Call<Receipt> charge = callback -> payments.charge(card, amount).start(Call.Callback.of(receipt -> {
 *     giveBacks.acquired(payments.refund(receipt)); // first, even if nobody waits for the answer any more
 *     callback.onSuccess(receipt);
 * }, callback::onFailure));
 * // ... and once the operation has failed with failure:
 * giveBacks.giveBackAll(failedGiveBacks -> {
 *     failedGiveBacks.forEach(failure::addSuppressed);
 *     listener.onFailure(failure);
 * });
 * }
 */
public final class GiveBacks {

    private final Consumer<? super Throwable> unheard;
    private final Deque<Call<?>> acquired = new ArrayDeque<>();
    private boolean givingBack;

    /** @param unheard told of each give-back that fails when nobody waits for the outcome */
    public GiveBacks(Consumer<? super Throwable> unheard) {
        this.unheard = unheard;
    }

    /**
     * Records something acquired, with the call that gives it back; once {@link #giveBackAll} has begun, gives
     * it back at once instead, telling {@code unheard} if that fails.
     */
    public void acquired(Call<?> giveBack) {
        synchronized (this) {
            if (!givingBack) {
                acquired.push(giveBack);
                return;
            }
        }
        new InTurn(List.of(giveBack), failures -> failures.forEach(unheard)).next();
    }

    /**
     * Gives back everything acquired so far, latest first, each call starting on the thread that brought the
     * answer before it, the first on this one; then hands {@code failures} those that failed, in the order they
     * ran. Anything acquired from now on is given back at once ({@link #acquired}); a second call finds nothing
     * left.
     */
    public void giveBackAll(Consumer<? super List<Throwable>> failures) {
        List<Call<?>> latestFirst;
        synchronized (this) {
            givingBack = true;
            latestFirst = List.copyOf(acquired);
            acquired.clear();
        }
        new InTurn(latestFirst, failures).next();
    }

    /** {@link #giveBackAll} for an operation nobody waits for any more: each failure goes to {@code unheard}. */
    public void giveBackAllUnheard() {
        giveBackAll(failures -> failures.forEach(unheard));
    }

    /** Give-backs made one at a time, each once the one before has answered, and their failures. */
    private static final class InTurn {

        private final Iterator<Call<?>> left;
        private final Consumer<? super List<Throwable>> then;
        private final List<Throwable> failures = new ArrayList<>();
        // Answers not acted on yet: one that comes at once, from inside the loop, only adds to them.
        private final AtomicInteger answers = new AtomicInteger();

        InTurn(List<Call<?>> latestFirst, Consumer<? super List<Throwable>> then) {
            this.left = latestFirst.iterator();
            this.then = then;
        }

        /** Starts the next give-back, or, once none is left, hands on the failures. */
        void next() {
            if (answers.getAndIncrement() != 0) {
                return;
            }
            do {
                if (!left.hasNext()) {
                    then.accept(List.copyOf(failures));
                    return;
                }
                giveBack(left.next());
            } while (answers.decrementAndGet() != 0);
        }

        private <T> void giveBack(Call<T> call) {
            call.start(Callback.of(given -> next(), failure -> {
                failures.add(failure);
                next();
            }));
        }
    }
}
