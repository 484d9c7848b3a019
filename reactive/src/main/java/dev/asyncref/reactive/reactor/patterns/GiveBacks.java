package dev.asyncref.reactive.reactor.patterns;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Compensation: what one run of an operation acquired (a reservation, a charge) and how to give each back if it
 * does not succeed; given back latest first, one at a time, each exactly once, a failed give-back stopping no
 * other. Settled by one {@code Mono.usingWhen}, of which it is the resource.
 *
 * <p>The trap it avoids: an acquisition recorded from the step's signal ({@code doOnNext}) is lost when a cancel
 * or a timeout crosses the answer: the call's sink drops the signal, yet the service has acquired the thing all
 * the same. Record each acquisition from the call's own answer, whatever became of the subscription: one that
 * arrives after the give-backs have begun is given back at once, and its failure, which nobody waits for, goes to
 * {@code unheard} (a logger, say). Nor each thing as the resource of a {@code usingWhen} of its own: a cancel that
 * reaches usingWhen before its resource does cancels the resource's call, and usingWhen never hears of what it
 * acquired; and nested usingWhens settle innermost first, so a cancel arriving in between gives back only the
 * outer things. One record per subscription, settled once by one usingWhen, has neither gap.
 *
 * <p>What it needs from the client: a give-back call that is never cancelled with the operation (a caller who
 * gave up must still get their money back; usingWhen gives back after a cancel through a subscription of its
 * own, which nothing cancels). A give-back subscribed after the operation has ended has no subscriber's
 * {@code Context}: write what it needs onto it ({@code contextWrite}) before recording it.
 *
 * {@snippet :
 * Mono<Receipt> paid = Mono.usingWhen(
 *         Mono.fromSupplier(() -> new GiveBacks(failure -> log.warn("refund failed", failure))),
 *         giveBacks -> Adapters.<Receipt>fromCallback(answer -> payments.charge(card, amount, receipt -> {
 *             giveBacks.acquired(refund(receipt)); // from the call's own answer, even if nobody waits for it
 *             answer.onSuccess(receipt);
 *         }, answer::onFailure)).flatMap(receipt -> shipping.book(order).thenReturn(receipt)),
 *         giveBacks -> Mono.empty(),
 *         (giveBacks, failure) -> giveBacks.giveBackAll().doOnNext(failed -> failed.forEach(failure::addSuppressed)),
 *         GiveBacks::giveBackAllUnheard);
 * }
 */
public final class GiveBacks {

    private final Consumer<? super Throwable> unheard;
    private final Deque<Mono<?>> acquired = new ArrayDeque<>();
    private boolean givingBack;

    /** @param unheard told of each give-back that fails when nobody waits for the outcome */
    public GiveBacks(Consumer<? super Throwable> unheard) {
        this.unheard = unheard;
    }

    /**
     * Records something acquired, with the call that gives it back (cold: subscribing to it makes the call); once
     * {@link #giveBackAll} has begun, gives it back at once instead, telling {@code unheard} if that fails.
     */
    public void acquired(Mono<?> giveBack) {
        synchronized (this) {
            if (!givingBack) {
                acquired.push(giveBack);
                return;
            }
        }
        // Its answer came after the rest was given back, having won a race with a cancel or a timeout.
        tell(inTurn(List.of(giveBack))).subscribe();
    }

    /**
     * Gives back everything acquired so far, latest first, when subscribed: each call subscribed once the one
     * before has answered, on the thread that brought that answer; signals the failures of those that failed, in
     * the order they ran, and never fails itself (so that usingWhen has no failed clean-up to wrap). Anything
     * acquired from then on is given back at once ({@link #acquired}); a second subscription finds nothing left.
     */
    public Mono<List<Throwable>> giveBackAll() {
        return Mono.defer(() -> {
            List<Mono<?>> latestFirst;
            synchronized (this) {
                givingBack = true;
                latestFirst = List.copyOf(acquired);
                acquired.clear();
            }
            return inTurn(latestFirst);
        });
    }

    /**
     * {@link #giveBackAll} for an operation nobody waits for any more: each failure goes to {@code unheard},
     * then it completes. For usingWhen's cancel, which would otherwise log a failed clean-up itself.
     */
    public Mono<Void> giveBackAllUnheard() {
        return tell(giveBackAll());
    }

    // concatMap: one at a time; each failure becomes a value, so that it stops no other.
    private static Mono<List<Throwable>> inTurn(List<Mono<?>> latestFirst) {
        return Flux.fromIterable(latestFirst)
                .concatMap(giveBack -> giveBack.then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
                .collectList();
    }

    private Mono<Void> tell(Mono<List<Throwable>> failures) {
        return failures.doOnNext(failed -> failed.forEach(unheard)).then();
    }
}
