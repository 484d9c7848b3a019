package dev.asyncref.reactive.rxjava;

import dev.asyncref.context.OperationLog;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.exceptions.CompositeException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What one run of an operation has acquired, held as the calls that give each thing back; one per
 * subscription, handed out by {@code Single.using}.
 *
 * <p>No RxJava tool does this alone: {@code Single.using} acquires and releases one resource, synchronously,
 * and ends with the subscription. Here each thing is acquired by a call whose answer may arrive just as the
 * operation is disposed, and each give-back is a call of its own that must run to its end even though
 * nobody waits for it any more.
 *
 * <ul>
 *   <li><b>Recorded by the call.</b> The acquiring call records its give-back as it answers (see
 *       {@link RxServices}), not a later operator, which a dispose would already have cut off.
 *   <li><b>Settled once.</b> The operation's success keeps everything; its failure or disposal gives
 *       everything back; each thing goes back at most once. A thing acquired after that (its call answered
 *       as it was being cancelled) goes straight back.
 *   <li><b>In turn, on its own.</b> Things go back latest first, one at a time, on a subscription nobody
 *       disposes: disposing the operation never cancels a give-back.
 * </ul>
 */
final class GiveBacks {

    private final Request request;
    private final Deque<Completable> giveBacks = new ArrayDeque<>();
    private boolean settled;

    GiveBacks(Request request) {
        this.request = request;
    }

    /** Records the call that gives back what was just acquired. */
    void acquired(Single<?> giveBack) {
        synchronized (this) {
            if (!settled) {
                giveBacks.push(giveBack.ignoreElement());
                return;
            }
        }
        // The caller has moved on: nobody is left to hear of a failure.
        loggingFailures(giveBack.ignoreElement(), request).subscribe();
    }

    /**
     * Keeps everything for the operation's result.
     *
     * @return false if a disposal got here first and gave everything back
     */
    synchronized boolean keep() {
        if (settled) {
            return false;
        }
        settled = true;
        giveBacks.clear();
        return true;
    }

    /**
     * Gives everything back because the operation failed, then fails with {@code failure}, to which a
     * give-back's failure is attached; one stops no other. The give-backs start as the returned
     * {@link Single} is subscribed, on a subscription of their own: disposing it stops only the waiting.
     *
     * <p>Not {@code cache()} and {@code andThen}: a dispose that lands after the give-backs start but before
     * {@code andThen} subscribes to the cache, with every give-back done by then, still lets the cached
     * completion through, and the failure reaches a subscriber that has disposed. {@code tryOnError} checks
     * the disposal and the delivery as one, and after a dispose drops the failure: nobody is left to hear it.
     */
    <T> Single<T> giveBackThenFail(Throwable failure) {
        return Single.create(waiting -> Completable.concat(takeAll().stream()
                        .map(giveBack -> giveBack.doOnError(failure::addSuppressed).onErrorComplete())
                        .toList())
                .subscribe(() -> waiting.tryOnError(failure)));
    }

    /**
     * Gives back whatever is still held once the subscription has ended: everything after a disposal,
     * nothing after a success or a failure. Nobody waits for it: a give-back's failure is logged (R12.7).
     */
    void giveBackTheRest() {
        Completable.concat(takeAll().stream().map(giveBack -> loggingFailures(giveBack, request)).toList())
                .subscribe();
    }

    /**
     * {@code giveBacks} for an operation nobody waits for: each failure logged under {@code request}, on the
     * thread that heard it, as nothing else will report it (R12.7); then done. Several failures at once (a
     * {@link CompositeException}, as {@link RxPizzeria#giveBack} reports them) are logged one by one.
     */
    static Completable loggingFailures(Completable giveBacks, Request request) {
        return giveBacks.doOnError(failed -> request.run(() -> eachOf(failed).forEach(OperationLog::giveBackFailed)))
                .onErrorComplete();
    }

    private static List<Throwable> eachOf(Throwable failed) {
        return failed instanceof CompositeException several ? several.getExceptions() : List.of(failed);
    }

    /** Every give-back held, latest first; from now on, nothing more is held. */
    private synchronized List<Completable> takeAll() {
        settled = true;
        List<Completable> latestFirst = List.copyOf(giveBacks);
        giveBacks.clear();
        return latestFirst;
    }
}
