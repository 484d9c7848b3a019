package dev.asyncref.virtualthreads;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A blocking {@link Stream} as a {@link Flow.Subscription}: a virtual thread of its own opens the stream and
 * pulls one item for each one requested, only while demand is outstanding, and hands it straight to the
 * subscriber. Every signal comes from that thread, so signals are serialized without a lock around them;
 * {@code request} from within {@code onNext} only adds to the demand, so nothing recurses (rule 3.3).
 *
 * <ul>
 *   <li><b>Backpressure.</b> Demand is passed through: nothing is pulled ahead of it, and the only items
 *       fetched beyond it are the rest of the page a stream already holds (R15.1).
 *   <li><b>Cancellation.</b> {@code cancel} wakes the thread waiting for demand, or interrupts the thread
 *       pulling, which cancels the stream's call in flight. It never interrupts the subscriber's
 *       {@code onNext}, where an interrupt would land in the subscriber's code (and close its NIO channels):
 *       the thread sees the cancel once {@code onNext} returns. The stream is closed once the thread stops.
 *   <li><b>Errors.</b> The stream's exception is {@code onError}, after the items before it; nothing is
 *       signalled after a cancel. {@code request(n <= 0)} cancels the stream and is
 *       {@code onError(IllegalArgumentException)} (rule 3.9).
 *   <li><b>Context.</b> The thread runs for the request the subscriber had when it subscribed
 *       ({@link RequestScope}): its calls, its failures and its end line carry that request's id, even when
 *       {@code request(n)} comes from a thread that carries another.
 * </ul>
 *
 * <p>Hand-written because no adapter fits. {@link java.util.concurrent.SubmissionPublisher} is not driven
 * by demand at its source: {@code submit} fills its buffer whatever the subscriber asked for, and neither
 * a cancel nor a lack of demand reaches the producer's call in flight. The JDK and Reactive Streams adapters
 * ({@code FlowAdapters}) convert between publishers, not from a stream, and Reactor's
 * {@code Flux.fromStream} would pull on whichever thread requests, with nothing to interrupt a call.
 */
final class StreamSubscription<T> implements Flow.Subscription {

    private final Flow.Subscriber<? super T> subscriber;
    private final Supplier<Stream<T>> stream;
    private final RequestContext request;
    private final Thread puller;

    // Guards the fields below: request and cancel come from any thread, the pulls from the puller.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition demanded = lock.newCondition();
    private long demand;
    private boolean cancelled;
    private IllegalArgumentException badRequest;
    private boolean pulling;

    private StreamSubscription(Flow.Subscriber<? super T> subscriber, Supplier<Stream<T>> stream,
            RequestContext request, ThreadFactory threads) {
        this.subscriber = subscriber;
        this.stream = stream;
        this.request = request;
        this.puller = threads.newThread(this::runForTheSubscriber);
    }

    /**
     * Subscribes {@code subscriber} to the stream that {@code stream} opens, on a thread from
     * {@code threads} that runs for the subscriber's {@code request}; opening it may throw, for an invalid
     * order, which is {@code onError} after {@code onSubscribe}.
     */
    static <T> void subscribe(Flow.Subscriber<? super T> subscriber, Supplier<Stream<T>> stream,
            RequestContext request, ThreadFactory threads) {
        Objects.requireNonNull(subscriber, "rule 1.9: the subscriber must not be null");
        new StreamSubscription<>(subscriber, stream, request, threads).puller.start();
    }

    @Override
    public void request(long n) {
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            if (n <= 0) {
                badRequest = new IllegalArgumentException("rule 3.9: request(n) needs n > 0, got " + n);
                stop();
                return;
            }
            // Saturates at Long.MAX_VALUE, which stands for "all there is" (rule 3.17).
            demand = n > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n;
            demanded.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            if (!cancelled) {
                stop();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void stop() {
        cancelled = true;
        demanded.signal();
        if (pulling) {
            puller.interrupt();
        }
    }

    // Every call is made on this thread, so it runs for the subscriber's request, not for whoever requests.
    private void runForTheSubscriber() {
        RequestScope.call(request, () -> {
            run();
            return null;
        });
    }

    private void run() {
        subscriber.onSubscribe(this);
        Stream<T> items;
        try {
            items = stream.get();
        } catch (RuntimeException invalid) {
            end(invalid);
            return;
        }
        try (items) {
            pullWhileDemanded(items.spliterator());
        }
    }

    /**
     * Pulls an item for each one requested and hands it over, until the stream or the subscription ends; a
     * stream that knows it has no more items (an estimated size of 0, no call needed to learn it) completes
     * at once, demand or not, as a last page does. An exception from the subscriber's {@code onNext} is not
     * the stream's: it ends the thread, and reaches the thread's uncaught-exception handler (rule 2.13).
     */
    private void pullWhileDemanded(Spliterator<T> pulled) {
        List<T> item = new ArrayList<>(1);
        while (pulled.estimateSize() != 0 && awaitDemand()) {
            boolean more;
            try {
                more = pulled.tryAdvance(item::add);
            } catch (RuntimeException failure) {
                end(failure);
                return;
            }
            if (!more || !endPull()) {
                end(null);
                return;
            }
            subscriber.onNext(item.removeFirst());
        }
        end(null);
    }

    /** Waits until an item is wanted and takes it from the demand; false once cancelled. */
    private boolean awaitDemand() {
        lock.lock();
        try {
            while (demand == 0 && !cancelled) {
                // Uninterruptibly: only stop() interrupts this thread, and it signals as well.
                demanded.awaitUninterruptibly();
            }
            if (cancelled) {
                return false;
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            pulling = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a pull that fetched an item, after which stop() interrupts nothing; false if cancelled meanwhile. */
    private boolean endPull() {
        lock.lock();
        try {
            pulling = false;
            return !cancelled;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The subscription's one end: {@code onError(failure)}, or {@code onComplete()} without one; after a
     * cancel, nothing but a bad request's error. Later calls to request and cancel do nothing.
     */
    private void end(Throwable failure) {
        boolean wasCancelled;
        IllegalArgumentException badRequest;
        lock.lock();
        try {
            pulling = false;
            wasCancelled = cancelled;
            cancelled = true;
            badRequest = this.badRequest;
        } finally {
            lock.unlock();
        }
        // Each end line is written before its signal, which may start the subscriber's next work.
        if (badRequest != null) { // ended by its subscriber asking for nothing, as by a cancel: no end line (R17.6)
            subscriber.onError(badRequest);
        } else if (!wasCancelled) { // after a cancel, a failure is the cancelled call's
            if (failure != null) {
                OperationLog.failed(failure);
                subscriber.onError(failure);
            } else {
                OperationLog.succeeded();
                subscriber.onComplete();
            }
        }
    }
}
