package dev.asyncref.callbacks;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A callback stream seen as a {@link Flow.Publisher}: each subscriber gets a stream of its own, started once
 * its {@code onSubscribe} has returned, and a subscription that passes {@code request} and {@code cancel}
 * on to the stream's handle. Demand, one signal at a time, rule 3.9's {@code onError}, rule 3.17's cap and
 * nothing after a cancel are the stream's own ({@link StreamHandle}, {@link PolledStream}).
 *
 * <p>What is left here is the order of the first signals. Started before {@code onSubscribe}, the stream
 * would report an invalid order to a subscriber without a subscription (rule 1.9); and a request made from
 * {@code onSubscribe}, passed on at once, would start a call whose answer could deliver {@code onNext} on a
 * downstream thread while {@code onSubscribe} is still running (rule 1.3). So requests are held until the
 * stream has started, and a subscriber that cancelled within {@code onSubscribe} starts none.
 *
 * <p>Hand-written because no library adapts a listener and its handle to {@link Flow}:
 * {@code FlowAdapters} converts between {@code org.reactivestreams} and {@link Flow}, and
 * {@link java.util.concurrent.SubmissionPublisher} is a buffer that whoever submits fills, at their own pace,
 * not a source driven by its subscriber's demand.
 */
final class FlowSubscription<T> implements Flow.Subscription, StreamListener<T> {

    private final Flow.Subscriber<? super T> subscriber;
    // Not the subscription itself: the subscriber holds that, and may lock it for reasons of its own.
    private final Object lock = new Object();
    private StreamHandle stream;   // guarded by lock; null until started
    private boolean cancelled;     // guarded by lock
    private long held;             // guarded by lock; asked for before the stream started, or the invalid request
    private boolean heldInvalid;   // guarded by lock

    private FlowSubscription(Flow.Subscriber<? super T> subscriber) {
        this.subscriber = subscriber;
    }

    /** A publisher whose every subscriber gets a stream of its own, which {@code start} starts for its listener. */
    static <T> Flow.Publisher<T> publisher(Function<StreamListener<T>, StreamHandle> start) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
            FlowSubscription<T> subscription = new FlowSubscription<>(subscriber);
            subscriber.onSubscribe(subscription);
            subscription.start(start);
        };
    }

    private void start(Function<StreamListener<T>, StreamHandle> start) {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
        }
        StreamHandle started = start.apply(this); // an invalid order is reported here
        long asked;
        boolean invalid;
        boolean cancel;
        synchronized (lock) {
            stream = started;
            asked = held;
            invalid = heldInvalid;
            cancel = cancelled;
        }
        if (cancel) {
            started.cancel();
        } else if (asked > 0 || invalid) {
            started.request(asked);
        }
    }

    @Override
    public void request(long n) {
        StreamHandle started;
        synchronized (lock) {
            started = stream;
            if (started == null) {
                hold(n);
                return;
            }
        }
        started.request(n);
    }

    /** Adds up what is asked for before the stream starts; the first invalid request wins, as it ends the stream. */
    private void hold(long n) {
        if (heldInvalid) {
            return;
        }
        if (n <= 0) {
            heldInvalid = true;
            held = n;
        } else {
            held = held + n < 0 ? Long.MAX_VALUE : held + n;
        }
    }

    @Override
    public void cancel() {
        StreamHandle started;
        synchronized (lock) {
            cancelled = true;
            started = stream;
        }
        if (started != null) {
            started.cancel();
        }
    }

    @Override
    public void onItem(T item) {
        subscriber.onNext(item);
    }

    @Override
    public void onEnd() {
        subscriber.onComplete();
    }

    @Override
    public void onFailure(Throwable error) {
        subscriber.onError(error);
    }
}
