package dev.asyncref.futures.patterns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Compensation: what an operation acquired (a reservation, a charge) and how to give each back if it does not
 * succeed; given back latest first, one at a time, each exactly once, a failed give-back stopping no other.
 *
 * <p>The trap it avoids: a give-back recorded when the operation's future completes loses the charge whose
 * answer arrives just after the caller cancelled (the cancelled future ignores it); recorded both there and
 * at the call, it is given back twice. Record each acquisition from the call's own answer, whatever became
 * of the operation: one that arrives after the give-backs have begun is given back at once, and its failure,
 * which nobody waits for, goes to {@code unheard} (a logger, say).
 *
 * <p>What it needs from the client: a give-back call that is never cancelled with the operation (a caller
 * who gave up must still get their money back).
 *
 * {@snippet :
 * GiveBacks giveBacks = new GiveBacks(executor, failure -> log.warn("refund failed", failure));
 * payments.charge(card, amount)   // the answer records its own give-back, even if nobody waits for it
 *         .thenApply(receipt -> { giveBacks.acquired(() -> payments.refund(receipt)); return receipt; })
 *         .exceptionallyCompose(failure -> giveBacks.giveBackAll()
 *                 .thenCompose(failed -> CompletableFuture.failedFuture(failure)));
 * }
 */
public final class GiveBacks {

    private final Executor executor;
    private final Consumer<? super Throwable> unheard;
    private final Deque<Supplier<? extends CompletableFuture<?>>> acquired = new ArrayDeque<>();
    private boolean givingBack;

    /**
     * @param executor where each give-back starts (with the operation's context, say), and where
     *     {@code unheard} runs
     * @param unheard told of each give-back that fails when nobody waits for the outcome
     */
    public GiveBacks(Executor executor, Consumer<? super Throwable> unheard) {
        this.executor = executor;
        this.unheard = unheard;
    }

    /**
     * Records something acquired, with the call that gives it back; once {@link #giveBackAll} has begun, gives
     * it back at once instead, telling {@code unheard} if that fails.
     */
    public void acquired(Supplier<? extends CompletableFuture<?>> giveBack) {
        synchronized (this) {
            if (!givingBack) {
                acquired.push(giveBack);
                return;
            }
        }
        tell(inTurn(List.of(giveBack)));
    }

    /**
     * Gives back everything acquired so far, latest first, each call starting once the one before has
     * answered; completes with the failures of those that failed, in the order they ran. Anything acquired
     * from now on is given back at once ({@link #acquired}); a second call finds nothing left.
     */
    public CompletableFuture<List<Throwable>> giveBackAll() {
        List<Supplier<? extends CompletableFuture<?>>> latestFirst;
        synchronized (this) {
            givingBack = true;
            latestFirst = List.copyOf(acquired);
            acquired.clear();
        }
        return inTurn(latestFirst);
    }

    /** {@link #giveBackAll} for an operation nobody waits for any more: each failure goes to {@code unheard}. */
    public void giveBackAllUnheard() {
        tell(giveBackAll());
    }

    private CompletableFuture<List<Throwable>> inTurn(List<Supplier<? extends CompletableFuture<?>>> latestFirst) {
        CompletableFuture<List<Throwable>> failures = CompletableFuture.completedFuture(List.of());
        for (Supplier<? extends CompletableFuture<?>> giveBack : latestFirst) {
            failures = failures.thenComposeAsync(earlier -> started(giveBack).handle((given, error) -> error == null
                    ? earlier
                    : append(earlier, error)), executor);
        }
        return failures;
    }

    private void tell(CompletableFuture<List<Throwable>> failures) {
        failures.thenAcceptAsync(failed -> failed.forEach(unheard), executor);
    }

    private static CompletableFuture<?> started(Supplier<? extends CompletableFuture<?>> giveBack) {
        try {
            return giveBack.get();
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private static List<Throwable> append(List<Throwable> failures, Throwable failure) {
        List<Throwable> all = new ArrayList<>(failures);
        all.add(failure);
        return List.copyOf(all);
    }
}
