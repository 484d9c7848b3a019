package dev.asyncref.reactive.rxjava.patterns;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Compensation: what an operation acquired (a reservation, a charge) and how to give each back if it does not
 * succeed; given back latest first, one at a time, each exactly once, a failed give-back stopping no other.
 *
 * <p>The trap it avoids: a give-back chained into the operation
 * ({@code onErrorResumeNext(failure -> refund.andThen(Single.error(failure)))}) is disposed with it: a caller
 * who disposes mid-refund cancels the refund. Here each give-back runs on a subscription of its own, which a
 * dispose of the operation never reaches. {@code doOnSuccess} after the acquiring call misses an answer that
 * arrives as the operation is disposed (the emitter drops it): record each acquisition from the call's own
 * answer; one that arrives after the give-backs have begun is given back at once, and its failure, which
 * nobody waits for, goes to {@code unheard} (a logger, say). {@code Single.using} releases one resource,
 * synchronously. After a dispose, give back from {@code doFinally}, which disposes the step in flight first,
 * not from {@code doOnDispose}, which runs before it; and only if the result was not kept, since a result
 * already on its way still reaches a subscriber that has just disposed.
 *
 * <p>What it needs from the client: each give-back is a cold {@code Completable} (subscribing makes the call)
 * that nobody else disposes: a caller who gave up must still get their money back.
 *
 * {@snippet :
 * Single<Booking> booked = Single.defer(() -> {
 *     GiveBacks giveBacks = new GiveBacks(failure -> log.warn("give-back failed", failure)); // one per run
 *     return Adapters.<Receipt>fromCallback(answer -> payments.charge(card, amount, receipt -> {
 *                 giveBacks.acquired(refund(receipt)); // recorded by the answer itself, even after a dispose
 *                 answer.onSuccess(receipt);
 *             }, answer::onFailure))
 *             .flatMap(receipt -> dispatch.book(order))
 *             .onErrorResumeNext(failure -> giveBacks.giveBackAll().flatMap(failed -> Single.error(failure)));
 * });
 * }
 */
public final class GiveBacks {

    private final Consumer<? super Throwable> unheard;
    private final Deque<Completable> acquired = new ArrayDeque<>();
    private boolean givingBack;

    /**
     * @param unheard told of each give-back that fails when nobody waits for the outcome, on the thread that
     *     heard of the failure
     */
    public GiveBacks(Consumer<? super Throwable> unheard) {
        this.unheard = unheard;
    }

    /**
     * Records something acquired, with the call that gives it back; once giving back has begun, gives it back
     * at once instead, telling {@code unheard} if that fails.
     */
    public void acquired(Completable giveBack) {
        synchronized (this) {
            if (!givingBack) {
                acquired.push(giveBack);
                return;
            }
        }
        inTurn(List.of(giveBack), unheard).subscribe();
    }

    /**
     * Once subscribed, gives back everything acquired so far, latest first, each call subscribed once the one
     * before has answered; signals the failures of those that failed, in the order they ran. Disposing it
     * stops only the waiting: every give-back runs to its end. Anything acquired from then on is given back at
     * once ({@link #acquired}); a second subscription finds nothing left.
     */
    public Single<List<Throwable>> giveBackAll() {
        return Single.create(waiting -> {
            // One give-back at a time: a plain list.
            List<Throwable> failures = new ArrayList<>();
            inTurn(takeAll(), failures::add).subscribe(() -> waiting.onSuccess(List.copyOf(failures)));
        });
    }

    /** {@link #giveBackAll} for an operation nobody waits for any more: each failure goes to {@code unheard}. */
    public void giveBackAllUnheard() {
        inTurn(takeAll(), unheard).subscribe();
    }

    /** Every give-back held, latest first; from now on, nothing more is held. */
    private synchronized List<Completable> takeAll() {
        givingBack = true;
        List<Completable> latestFirst = List.copyOf(acquired);
        acquired.clear();
        return latestFirst;
    }

    private static Completable inTurn(List<Completable> latestFirst, Consumer<? super Throwable> failed) {
        return Completable.concat(latestFirst.stream()
                .map(giveBack -> giveBack.doOnError(failed::accept).onErrorComplete())
                .toList());
    }
}
