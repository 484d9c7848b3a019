package dev.asyncref.futures;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
import dev.asyncref.domain.InvalidOrderException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream made of request/response calls, as a {@link Flow.Publisher}: each subscription runs its own loop,
 * one call at a time, each call's future composed only while the subscriber's demand is not met by what
 * the calls before brought.
 *
 * <ul>
 *   <li><b>Threads.</b> Every signal after {@code onSubscribe} (item, completion, error) comes from the loop,
 *       which runs on the {@code executor}, one pass at a time: {@code request} and a call's answer only
 *       schedule a pass, so signals are serialized, never on the services' event loop or the subscriber's
 *       thread, and a {@code request} made from {@code onNext} never recurses into it. Calls start in the loop.
 *   <li><b>Context.</b> The subscriber's MDC is captured when it subscribes, and every pass runs with it
 *       and the stream's name ({@link CallScope}): a {@code request} from another thread, carrying another
 *       request's id, only schedules a pass, so every call is made for the subscriber. The last pass logs
 *       the stream's end ({@link OperationLog}) before it signals it; a cancelled stream logs nothing.
 *   <li><b>Backpressure.</b> Demand is passed through: a call is made only when demand is outstanding and
 *       nothing fetched is left, so what is fetched beyond demand is at most one call's items.
 *   <li><b>Cancellation.</b> {@code cancel} cancels the call in flight at once, on the caller's thread
 *       ({@link CallScope}); no call starts after it, no signal follows it, and the loop lets go of the
 *       subscriber.
 *   <li><b>Errors.</b> A failed call ends the stream with its future's failure, once, after the items
 *       before it. Invalid input is an {@code onError} after {@code onSubscribe}, with no call, never an
 *       exception from {@code subscribe}; so is {@code request(n <= 0)} (Reactive Streams rule 3.9).
 * </ul>
 *
 * <p>Hand-written because a {@code CompletableFuture} is one value, not a stream, and no adapter fits:
 * {@code SubmissionPublisher} buffers whatever is submitted, so the calls would run ahead of demand
 * instead of being made for it, and the reactive libraries are other styles' tools.
 *
 * @param <T> the items
 */
final class CallStream<T> implements Flow.Subscription {

    /** What one call brought: its items, and where the next call starts, unless this was the last call. */
    record Answer<T>(List<T> items, long next, boolean last) {

        static <T> Answer<T> more(List<T> items, long next) {
            return new Answer<>(items, next, false);
        }

        static <T> Answer<T> last(List<T> items) {
            return new Answer<>(items, 0, true);
        }
    }

    /** The call that starts at {@code position}, started in {@code calls}, so that a cancel reaches it. */
    @FunctionalInterface
    interface Call<T> {
        CompletableFuture<Answer<T>> from(long position, CallScope calls);
    }

    private final Call<T> call;
    private final CallScope calls;
    // Passes asked for and not yet run: the one that takes it from 0 runs them all, so no two overlap. It
    // starts at 1, the first pass, run once onSubscribe has returned: a request made in onSubscribe must
    // not signal before it returns (rule 1.3), and an invalid input's error needs no request.
    private final AtomicInteger passes = new AtomicInteger(1);
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private volatile Throwable badRequest;

    // Only the loop touches these; a pass happens after the one before it (passes is atomic).
    private Flow.Subscriber<? super T> subscriber;
    private final Queue<T> fetched = new ArrayDeque<>();
    private CompletableFuture<Answer<T>> answer;
    private long position;
    private boolean last;

    private CallStream(Flow.Subscriber<? super T> subscriber, CallScope calls, long first, Call<T> call) {
        this.subscriber = subscriber;
        this.calls = calls;
        this.position = first;
        this.call = call;
    }

    /**
     * The stream of {@code call}s named {@code operation}, the first starting at {@code first}, for input that
     * {@code validation} accepts: it throws an {@link InvalidOrderException} otherwise.
     */
    static <T> Flow.Publisher<T> publisher(OperationName operation, Runnable validation, long first, Call<T> call,
            Executor executor) {
        return subscriber -> {
            // On the subscriber's thread, with its MDC: the request the stream runs for.
            CallScope calls = new CallScope(operation, executor);
            CallStream<T> stream = new CallStream<>(Objects.requireNonNull(subscriber), calls, first, call);
            try {
                validation.run();
            } catch (InvalidOrderException invalid) {
                stream.failure = invalid;
            }
            subscriber.onSubscribe(stream);
            calls.executor().execute(stream::loop);
        };
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            IllegalArgumentException nothing =
                    new IllegalArgumentException("Reactive Streams rule 3.9: request must be positive, got " + n);
            badRequest = nothing;
            fail(nothing);
            return;
        }
        // Saturates at Long.MAX_VALUE (rule 3.17), which means "everything": the sum of two large requests
        // would otherwise overflow to a negative demand.
        demand.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        schedulePass();
    }

    @Override
    public void cancel() {
        cancelled = true;
        calls.cancelAll();
        schedulePass();
    }

    private void fail(Throwable error) {
        failure = error;
        schedulePass();
    }

    private void schedulePass() {
        if (passes.getAndIncrement() == 0) {
            calls.executor().execute(this::loop);
        }
    }

    private void loop() {
        int missed = 1;
        do {
            pass();
            missed = passes.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Delivers what the subscriber can take, then ends the stream, or starts the call its demand needs. */
    private void pass() {
        if (subscriber == null) {
            return;
        }
        if (cancelled) {
            end();
            return;
        }
        if (failure != null) {
            error(failure);
            return;
        }
        if (answer != null) {
            if (!answer.isDone()) {
                return;
            }
            if (answer.isCompletedExceptionally()) {
                error(answer.exceptionNow());
                return;
            }
            Answer<T> taken = answer.resultNow();
            answer = null;
            fetched.addAll(taken.items());
            position = taken.next();
            last = taken.last();
        }
        // Each onNext may cancel, fail a request or ask for more: those are seen here, or by the pass they
        // scheduled.
        while (!fetched.isEmpty() && demand.get() > 0 && !cancelled && failure == null) {
            demand.decrementAndGet();
            subscriber.onNext(fetched.remove());
        }
        if (!fetched.isEmpty() || cancelled || failure != null) {
            return;
        }
        if (last) {
            OperationLog.succeeded();
            subscriber.onComplete();
            end();
        } else if (demand.get() > 0) {
            answer = call.from(position, calls);
            answer.whenComplete((taken, error) -> schedulePass());
        }
    }

    private void error(Throwable error) {
        calls.cancelAll();
        // Ended by its subscriber asking for nothing, as by a cancel: no end line (R17.6).
        if (error != badRequest) {
            OperationLog.failed(error);
        }
        subscriber.onError(error);
        end();
    }

    /** Lets go of the subscriber and of anything fetched for it (rule 3.13); later passes do nothing. */
    private void end() {
        subscriber = null;
        fetched.clear();
        answer = null;
    }
}
