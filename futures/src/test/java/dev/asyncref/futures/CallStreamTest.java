package dev.asyncref.futures;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.OperationName;
import dev.asyncref.futures.CallStream.Answer;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an ended {@link CallStream} keeps: neither its subscriber nor anything it fetched, though the subscription
 * is still held (Reactive Streams rule 3.13, shown as the TCK shows it: weakly referenced, then collected). A page
 * answers at once, one of its five items is asked for, and the stream ends with four waiting.
 */
class CallStreamTest {

    private final Pools pools = new Pools();
    private final List<WeakReference<Object>> kept = new ArrayList<>();
    private final AtomicReference<Flow.Subscription> held = new AtomicReference<>();

    @AfterEach
    void closePools() {
        pools.close();
    }

    @ParameterizedTest(name = "ended by {0}")
    @ValueSource(strings = {"a cancel", "a request for nothing"})
    void anEndedStreamLetsGoOfItsSubscriberAndWhatItFetchedWhileItsSubscriptionIsHeld(String ending) {
        subscribeAndAskForOne();

        if (ending.equals("a cancel")) {
            held.get().cancel();
        } else {
            held.get().request(0);
        }

        eventually().until(() -> {
            System.gc();
            return kept.stream().allMatch(reference -> reference.refersTo(null));
        });
        assertThat(held.get()).as("still held").isNotNull();
    }

    /** Subscribes a subscriber nothing but the stream refers to, and waits for its first item. */
    private void subscribeAndAskForOne() {
        Flow.Publisher<Object> pages = CallStream.publisher(OperationName.HISTORY, () -> { }, 1,
                (position, calls) -> {
                    List<Object> page = Stream.generate(Object::new).limit(5).toList();
                    page.stream().skip(1).forEach(item -> kept.add(new WeakReference<>(item)));
                    return CompletableFuture.completedFuture(Answer.more(page, position + 1));
                }, pools.executor);
        CompletableFuture<Void> first = new CompletableFuture<>();
        Flow.Subscriber<Object> subscriber = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                held.set(subscription);
                subscription.request(1);
            }

            @Override
            public void onNext(Object item) {
                first.complete(null);
            }

            @Override
            public void onError(Throwable failure) { }

            @Override
            public void onComplete() { }
        };
        kept.add(new WeakReference<>(subscriber));
        pages.subscribe(subscriber);
        first.join();
    }
}
