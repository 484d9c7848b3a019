package dev.asyncref.callbacks;

import dev.asyncref.context.OperationLog;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream made of request/response calls, one at a time, each asking for what follows the answer before
 * (the update after the last one, the next page), paced by its listener's demand: a call starts only when
 * the listener has asked for more items than the calls before brought, so what waits beyond the demand is
 * never more than one answer's items.
 *
 * <p>Requests, answers and the cancel arrive on any thread, at any time; one thread at a time delivers for
 * all of them (a count of work left decides which: the one that finds it at zero, and it goes on until the
 * count is back to zero). So the listener never hears two signals at once, and a request made from
 * {@code onItem} only adds to the count and returns, instead of delivering the next item from within the
 * one before, deeper and deeper.
 *
 * <p>The delivering thread runs under the subscriber's MDC ({@link RequestMdc}, taken when the stream was
 * made), whoever called: a {@code request(n)} from a thread that carries another request's id still
 * fetches under the subscriber's (rule R17.4), and the end line ({@link OperationLog}) is written there,
 * before the listener hears the end.
 *
 * <p>Hand-written because plain callbacks have no library by definition: this is what
 * {@code Flux.generate} over a demand-driven source, or a {@code Flowable}, does for you.
 */
final class PolledStream<C, T> implements StreamHandle {

    /**
     * What one call answered: its items, and where the next call starts, or nothing after the last items.
     */
    record Answer<C, T>(List<T> items, Optional<C> next) {

        static <C, T> Answer<C, T> more(List<T> items, C next) {
            return new Answer<>(items, Optional.of(next));
        }

        static <C, T> Answer<C, T> last(List<T> items) {
            return new Answer<>(items, Optional.empty());
        }
    }

    /** Starts the call for what follows {@code from}; it reports through {@code answer}. */
    @FunctionalInterface
    interface Poll<C, T> {
        Cancellable call(C from, Callback<Answer<C, T>> answer);
    }

    private final RequestMdc context;
    private final StreamListener<? super T> listener;
    private final Poll<C, T> poll;
    private final AtomicInteger work = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean over = new AtomicBoolean(); // ended, failed or cancelled
    private final AtomicReference<Throwable> failure = new AtomicReference<>(); // the first failure wins
    private volatile Throwable badRequest;
    // Handed from the thread that answered to the one delivering: one call at a time, so one answer at most.
    private volatile Answer<C, T> answer;
    private volatile Cancellable inFlight;
    // The delivering thread's own: the count of work left orders each one's writes before the next one's reads.
    private final Queue<T> fetched = new ArrayDeque<>();
    private C next; // null once the last answer has come
    private boolean calling;

    /**
     * A stream whose first call asks for what follows {@code first}; nothing is called before a request.
     *
     * @param context the subscriber's MDC; {@code poll} gives its calls callbacks made by it too
     */
    PolledStream(RequestMdc context, StreamListener<? super T> listener, C first, Poll<C, T> poll) {
        this.context = context;
        this.listener = listener;
        this.next = first;
        this.poll = poll;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            IllegalArgumentException nothing = new IllegalArgumentException(
                    "request needs a positive number of items, got " + n + " (Reactive Streams rule 3.9)");
            badRequest = nothing;
            failure.compareAndSet(null, nothing);
        } else {
            requested.getAndUpdate(demand -> demand + n < 0 ? Long.MAX_VALUE : demand + n);
        }
        deliver();
    }

    @Override
    public boolean cancel() {
        if (!over.compareAndSet(false, true)) {
            return false;
        }
        cancelCallInFlight();
        deliver(); // lets go of the items fetched, on the thread delivering
        return true;
    }

    /** Ends the stream with {@code error}, unless it is over already. */
    void fail(Throwable error) {
        failure.compareAndSet(null, error);
        deliver();
    }

    private void deliver() {
        if (work.getAndIncrement() != 0) {
            return; // the thread delivering will go round once more
        }
        context.run(() -> {
            int missed = 1;
            do {
                deliverOnce();
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        });
    }

    /**
     * Takes in the answer, if one came, delivers what was fetched and asked for, then ends the stream or
     * starts the next call. A cancel or failure that arrives meanwhile stops the items; the next round
     * (which the arrival counted as work) handles it.
     */
    private void deliverOnce() {
        if (over.get()) {
            answer = null;
            fetched.clear();
            return;
        }
        Throwable failed = failure.get();
        if (failed != null) {
            end(() -> {
                // Ended by its listener asking for nothing, as by a cancel: no end line (R17.6).
                if (failed != badRequest) {
                    OperationLog.failed(failed);
                }
                listener.onFailure(failed);
            });
            return;
        }
        Answer<C, T> answered = answer;
        if (answered != null) {
            answer = null;
            calling = false;
            fetched.addAll(answered.items());
            next = answered.next().orElse(null);
        }
        long demand = requested.get();
        long delivered = 0;
        while (delivered < demand && !fetched.isEmpty() && !over.get() && failure.get() == null) {
            listener.onItem(fetched.poll());
            delivered++;
        }
        demand = requested.addAndGet(-delivered);
        if (over.get() || failure.get() != null || calling || !fetched.isEmpty()) {
            return;
        }
        if (next == null) {
            end(() -> {
                OperationLog.succeeded();
                listener.onEnd();
            });
        } else if (demand > 0) {
            call();
        }
    }

    private void call() {
        calling = true;
        Cancellable started = poll.call(next, Callback.of(
                answered -> {
                    answer = answered;
                    deliver();
                },
                this::fail));
        inFlight = started;
        // A cancel on another thread that read inFlight before it was set missed this call: cancelled here.
        if (over.get()) {
            started.cancel();
        }
    }

    private void end(Runnable signal) {
        if (over.compareAndSet(false, true)) {
            cancelCallInFlight(); // a request of n <= 0 ends the stream with a call in flight
            fetched.clear();
            signal.run();
        }
    }

    private void cancelCallInFlight() {
        Cancellable started = inFlight;
        if (started != null) {
            started.cancel(); // harmless on a call that has answered
        }
    }
}
