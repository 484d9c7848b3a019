package dev.asyncref.callbacks;

import dev.asyncref.context.OperationLog;
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The steps of one operation that acquires things one after another (a reservation, a charge, a booking)
 * within a deadline, and gives them back if it ends without its result. Each step keeps what its call
 * acquired first thing in the call's own answer, whatever became of the operation meanwhile, so that an
 * answer that arrives as the caller cancels is given back all the same.
 *
 * <p>The steps run one at a time, so one call at most is in flight, and each way it ends continues in one
 * place: the operation ends exactly once, where its last call ended (failed, cancelled by the deadline or
 * by the caller, or answered after the caller cancelled, so that the next step, or the result, finds the
 * outcome settled). Ending without the result gives back everything
 * kept, latest first, each give-back call started by the answer of the one before; only then does the
 * failure reach the outcome, each failed give-back attached to it. The outcome never starts a give-back
 * call, so cancelling the operation never cancels a refund. Every callback is the outcome's, so each give-back
 * call, started by the answer before it, carries the request's MDC as the steps did (rule R17.3).
 *
 * <p>Hand-written because plain callbacks have no library by definition: this is what Reactor's
 * {@code usingWhen}, or a {@code finally} around blocking calls, does for you.
 */
final class GiveBacks<T> {

    /** Starts the call that gives one acquired thing back, such as {@code payments::refund}. */
    @FunctionalInterface
    interface GiveBack<A> {
        Cancellable start(A acquired, Callback<? super A> done);
    }

    /** The operation's timer: runs {@code task} once {@code delay} has passed, unless the outcome settles first. */
    @FunctionalInterface
    interface Timer {
        void after(Duration delay, Runnable task);
    }

    private final Outcome<T> outcome;
    private final Deadline deadline;
    private final Timer timer;
    // Pushed by each step's answer and taken by the give-back calls' answers: one at a time, but each on the
    // downstream thread that delivered it.
    private final Deque<Consumer<Callback<Object>>> kept = new ConcurrentLinkedDeque<>();

    GiveBacks(Outcome<T> outcome, Deadline deadline, Timer timer) {
        this.outcome = outcome;
        this.deadline = deadline;
        this.timer = timer;
    }

    /**
     * Starts one step's call within what is left of the deadline; a step about to start once it has passed
     * ends the operation with the step's timeout and calls nothing. What the call acquires is kept, then
     * {@code next} runs with it.
     *
     * @param call starts the step's call, given its callback
     */
    <A> void acquire(Step step, Function<Callback<A>, Cancellable> call, GiveBack<A> giveBack, Consumer<A> next) {
        if (deadline.hasPassed()) {
            giveBackThenFail(deadline.passedAt(step));
            return;
        }
        boolean started = outcome.start(() -> {
            Cancellable inFlight = call.apply(outcome.callback(
                    acquired -> {
                        kept.push(done -> giveBack.start(acquired, done)); // its handle dropped: nothing cancels it
                        next.accept(acquired);
                    },
                    error -> giveBackThenFail(step.failed(error))));
            timer.after(deadline.remaining(), () -> {
                if (inFlight.cancel()) {
                    giveBackThenFail(deadline.passedAt(step));
                }
            });
            // The outcome's handle for the call, for the caller's cancel. Whoever cancels the call first, the
            // caller or the deadline, ends the operation; the other finds the call over.
            return () -> {
                boolean cancelled = inFlight.cancel();
                if (cancelled) {
                    giveBack();
                }
                return cancelled;
            };
        });
        if (!started) {
            giveBack(); // the caller cancelled while the step before was answering
        }
    }

    /** Delivers the last step's result, unless the caller cancelled first: then it is all given back. */
    void succeed(T result) {
        if (!outcome.succeed(result)) {
            giveBack();
        }
    }

    /** The caller cancelled, so nobody is told; a failed give-back is logged, under the request (R12.7). */
    private void giveBack() {
        giveBackLatest(OperationLog::giveBackFailed, () -> {});
    }

    private void giveBackThenFail(Throwable failure) {
        giveBackLatest(failure::addSuppressed, () -> outcome.fail(failure));
    }

    private void giveBackLatest(Consumer<Throwable> failedGiveBack, Runnable then) {
        Consumer<Callback<Object>> latest = kept.poll();
        if (latest == null) {
            then.run();
            return;
        }
        latest.accept(outcome.callback(
                given -> giveBackLatest(failedGiveBack, then),
                error -> {
                    failedGiveBack.accept(error); // and the rest is still given back
                    giveBackLatest(failedGiveBack, then);
                }));
    }
}
