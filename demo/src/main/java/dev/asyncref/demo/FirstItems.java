package dev.asyncref.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The demo's consumer of a stream: it asks for the first {@code count} items at once, takes them (all of
 * them if the stream ends sooner), then cancels. Hand-written because the JDK offers no subscriber that
 * collects, short of {@code SubmissionPublisher.consume}, which requests without bound.
 */
final class FirstItems<T> implements Flow.Subscriber<T> {

    private final long count;
    private final List<T> items = new ArrayList<>();
    private final CompletableFuture<List<T>> taken = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private FirstItems(long count) {
        this.count = count;
    }

    /** Subscribes to {@code publisher}; the future completes with its first {@code count} items. */
    static <T> CompletableFuture<List<T>> of(Flow.Publisher<T> publisher, long count) {
        FirstItems<T> consumer = new FirstItems<>(count);
        publisher.subscribe(consumer);
        return consumer.taken;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(count);
    }

    @Override
    public void onNext(T item) {
        items.add(item);
        if (items.size() == count) {
            subscription.cancel();
            taken.complete(List.copyOf(items));
        }
    }

    @Override
    public void onError(Throwable error) {
        taken.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        taken.complete(List.copyOf(items));
    }
}
