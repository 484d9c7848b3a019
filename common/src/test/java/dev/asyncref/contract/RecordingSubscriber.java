package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A subscriber that requests only what the test asks for and records every signal, including any that
 * arrives after it cancelled. Hand-written because the JDK has no test subscriber for {@link Flow}, and
 * Reactor's and RxJava's are for their own types: the contract depends on neither library.
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {

    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final List<T> items = new CopyOnWriteArrayList<>();
    private final AtomicInteger completions = new AtomicInteger();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger signalsAfterCancel = new AtomicInteger();

    private final Consumer<Flow.Subscription> inOnSubscribe;

    private RecordingSubscriber(Consumer<Flow.Subscription> inOnSubscribe) {
        this.inOnSubscribe = inOnSubscribe;
    }

    /** Subscribes a new recording subscriber to {@code publisher}; it requests nothing yet. */
    public static <T> RecordingSubscriber<T> subscribeTo(Flow.Publisher<T> publisher) {
        return subscribeTo(publisher, subscription -> { });
    }

    /** As {@link #subscribeTo(Flow.Publisher)}, doing {@code inOnSubscribe} inside {@code onSubscribe}. */
    public static <T> RecordingSubscriber<T> subscribeTo(Flow.Publisher<T> publisher,
            Consumer<Flow.Subscription> inOnSubscribe) {
        RecordingSubscriber<T> subscriber = new RecordingSubscriber<>(inOnSubscribe);
        publisher.subscribe(subscriber);
        eventually().until(() -> subscriber.subscription != null);
        return subscriber;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscriptions.incrementAndGet();
        this.subscription = subscription;
        inOnSubscribe.accept(subscription);
    }

    @Override
    public void onNext(T item) {
        noteIfCancelled();
        items.add(item);
    }

    @Override
    public void onError(Throwable error) {
        noteIfCancelled();
        errors.add(error);
    }

    @Override
    public void onComplete() {
        noteIfCancelled();
        completions.incrementAndGet();
    }

    public RecordingSubscriber<T> request(long n) {
        subscription.request(n);
        return this;
    }

    public void cancel() {
        cancelled = true;
        subscription.cancel();
    }

    public List<T> items() {
        return List.copyOf(items);
    }

    /** Waits until {@code count} items have arrived, and returns them all. */
    public List<T> awaitItems(int count) {
        eventually().until(() -> items.size() >= count);
        return items();
    }

    /** Waits for the stream to end, either way. */
    public RecordingSubscriber<T> awaitTermination() {
        eventually().until(() -> completions.get() + errors.size() > 0);
        return this;
    }

    public int completions() {
        return completions.get();
    }

    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    public int subscriptions() {
        return subscriptions.get();
    }

    /** Signals of any kind that arrived after {@link #cancel()}. */
    public int signalsAfterCancel() {
        return signalsAfterCancel.get();
    }

    private void noteIfCancelled() {
        if (cancelled) {
            signalsAfterCancel.incrementAndGet();
        }
    }
}
