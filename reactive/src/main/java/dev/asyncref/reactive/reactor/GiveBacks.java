package dev.asyncref.reactive.reactor;

import dev.asyncref.context.OperationLog;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * What one subscription to {@code placeOrder} acquired (a reservation, a charge, a booking) and how to give
 * each back if the operation does not succeed: latest first, one at a time, each exactly once, a failed
 * give-back stopping none.
 *
 * <p>Acquisitions are recorded from the call's own answer ({@link ReactorServices}' {@code acquired}), on
 * the downstream thread that delivers it, not from the step's signal: when a cancellation or a timeout
 * races the answer, the call's sink drops the signal, yet the service has acquired the thing all the same.
 * An acquisition recorded after the give-backs have begun is given back at once.
 *
 * <p>Why not each thing as the resource of a {@code Mono.usingWhen} of its own: a cancellation that reaches
 * usingWhen before the resource does cancels the resource's call, whose sink then drops the answer, so
 * usingWhen never hears of it; and nested usingWhens settle one at a time, innermost first, so a
 * cancellation arriving in between gives back the outer things only. One record, settled once by one
 * usingWhen, has neither gap.
 *
 * <p>Each give-back runs in the Context of the request that acquired the thing (rule R17.3), even when it
 * is subscribed after the operation has ended, by a subscriber that has none.
 */
final class GiveBacks {

    private final ContextView request;
    private final Deque<Mono<?>> acquired = new ArrayDeque<>();
    private boolean givingBack;

    GiveBacks(ContextView request) {
        this.request = request;
    }

    /** Records something acquired, with the call that gives it back (cold: subscribing to it makes the call). */
    void acquired(Mono<?> giveBack) {
        Mono<?> inRequest = giveBack.contextWrite(request);
        synchronized (this) {
            if (!givingBack) {
                acquired.push(inRequest);
                return;
            }
        }
        // The answer arrived after the rest was given back, having won a race with a cancellation or a timeout:
        // nobody is left to hear of a failure.
        loggingFailures(inRequest.then(), request).subscribe();
    }

    /**
     * Gives back everything acquired so far, latest first, each call starting once the one before has
     * answered; completes when all are back or, if some failed, fails once all were tried, with every
     * failure ({@link Exceptions#unwrapMultiple} lists them).
     */
    Mono<Void> giveBackAll() {
        return Mono.defer(() -> {
            List<Mono<?>> latestFirst;
            synchronized (this) {
                givingBack = true;
                latestFirst = List.copyOf(acquired);
            }
            // concatDelayError: one at a time, and an error waits for the end instead of stopping the rest.
            return Flux.concatDelayError(Flux.fromIterable(latestFirst)).then();
        });
    }

    /**
     * {@link #giveBackAll()} for an operation that failed with {@code failure}: each failed give-back is
     * suppressed in it, and the clean-up completes, so that usingWhen delivers {@code failure} itself rather
     * than its own wrapper around a failed clean-up.
     */
    Mono<Void> giveBackAllAfter(Throwable failure) {
        return giveBackAll().onErrorResume(failed -> {
            Exceptions.unwrapMultiple(failed).forEach(failure::addSuppressed);
            return Mono.empty();
        });
    }

    /**
     * {@link #giveBackAll()} for an operation nobody waits for any more (the caller cancelled): each failed
     * give-back is logged under the request (R12.7). Not left to usingWhen, which logs a failed clean-up after a
     * cancel under its own logger, without the request.
     */
    Mono<Void> giveBackAllUnheard() {
        return loggingFailures(giveBackAll(), request);
    }

    /**
     * {@code giveBacks} for an operation nobody waits for: each failure logged under {@code request}, the
     * operation's, as nothing else will report it (R12.7); then done. Not {@code Hooks.onErrorDropped}, Reactor's
     * hook for errors with nowhere to go: it logs at ERROR, without the request.
     */
    static Mono<Void> loggingFailures(Mono<Void> giveBacks, ContextView request) {
        return giveBacks.onErrorResume(failed -> {
            RequestScope.in(request, () -> Exceptions.unwrapMultiple(failed).forEach(OperationLog::giveBackFailed));
            return Mono.empty();
        });
    }
}
