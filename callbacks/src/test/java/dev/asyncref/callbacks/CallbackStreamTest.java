package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.downstream.TrackingService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The listener's side of the callback streams: what a stream's handle promises its listener, and, at the
 * edge, what the {@code Flow} adapter adds. A request or cancel that could start or end something does so
 * before it returns, so what it did not do is seen at once, without waiting.
 */
class CallbackStreamTest {

    private final Downstream downstream = Downstream.start();
    private final TrackingService tracking = downstream.tracking();
    private final HistoryService history = downstream.history();
    @AutoClose
    private final Pools pools = new Pools();
    private final CallbackPizzeria pizzeria = pools.pizzeria(downstream);
    @SuppressWarnings("unchecked")
    private final StreamListener<PastOrder> pastOrders = mock(StreamListener.class);
    @SuppressWarnings("unchecked")
    private final StreamListener<OrderUpdate> updates = mock(StreamListener.class);

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    @Test
    void theListenerHearsNoMoreItemsThanItAskedForAndAPageIsCalledOnlyWhenItsItemsRunOut() {
        StreamHandle stream = pizzeria.history("ada", pastOrders);
        assertThat(history.calls()).as("nothing asked for, nothing called").isZero();

        stream.request(2);
        eventually().untilAsserted(() -> verify(pastOrders, times(2)).onItem(any()));
        stream.request(3);
        eventually().untilAsserted(() -> verify(pastOrders, times(5)).onItem(any()));
        assertThat(history.calls()).as("the first page held all five").isOne();
        stream.request(1);
        eventually().untilAsserted(() -> verify(pastOrders, times(6)).onItem(any()));
        assertThat(history.calls()).as("the sixth is on the second page").isEqualTo(2);

        stream.request(Long.MAX_VALUE);
        eventually().untilAsserted(() -> verify(pastOrders).onEnd());
        ArgumentCaptor<PastOrder> heard = ArgumentCaptor.captor();
        verify(pastOrders, times(12)).onItem(heard.capture());
        assertThat(heard.getAllValues()).extracting(PastOrder::number)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
        verifyNoMoreInteractions(pastOrders);
    }

    @Test
    void aStreamEndsOnceAndIsOverAfterwards() {
        StreamHandle stream = pizzeria.track(ONE_PIZZA, updates);
        stream.request(10);
        eventually().untilAsserted(() -> verify(updates).onEnd());

        stream.request(1);
        assertThat(stream.cancel()).as("an ended stream has nothing to cancel").isFalse();

        ArgumentCaptor<OrderUpdate> heard = ArgumentCaptor.captor();
        InOrder inOrder = inOrder(updates);
        inOrder.verify(updates, times(4)).onItem(heard.capture());
        inOrder.verify(updates).onEnd();
        verifyNoMoreInteractions(updates);
        assertThat(heard.getAllValues()).extracting(OrderUpdate::status)
                .containsExactly("placed", "baking", "out for delivery", "delivered");
        assertThat(tracking.calls()).as("four updates, one call to learn the end, and none after").isEqualTo(5);
    }

    @Test
    void nothingIsHeardAfterCancelAndTheCallInFlightIsCancelled() {
        tracking.hold();
        StreamHandle stream = pizzeria.track(ONE_PIZZA, updates);
        stream.request(10);
        eventually().until(() -> tracking.waiting() == 1);
        tracking.releaseCall(1);
        eventually().until(() -> tracking.waiting() == 1 && tracking.calls() == 2);
        // The first item may reach the listener just after the next call starts: heard before the cancel, it is
        // not something heard after it.
        eventually().untilAsserted(() -> verify(updates).onItem(any()));

        assertThat(stream.cancel()).isTrue();
        // The thread still in its delivery pass, having just started call 2, may be the one that cancels it.
        eventually().until(() -> tracking.inFlight() == 0);
        tracking.open();
        stream.request(5);

        assertThat(stream.cancel()).as("cancelling twice is harmless").isFalse();
        assertThat(tracking.log()).filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::call, CallEvent::kind)
                .containsExactly(tuple(1L, Kind.SUCCEEDED), tuple(2L, Kind.CANCELLED));
        assertThat(tracking.calls()).as("no call after the cancel, whatever is asked for").isEqualTo(2);
        verify(updates).onItem(any());
        verifyNoMoreInteractions(updates);
    }

    @Test
    void aRequestMadeWhileTheListenerIsBusyIsServedAfterItReturnsOnTheThreadDelivering() {
        List<String> heardOn = new CopyOnWriteArrayList<>();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        doAnswer(item -> {
            heardOn.add(Thread.currentThread().getName());
            if (heardOn.size() == 1) {
                busy.countDown();
                letGo.await();
            }
            return null;
        }).when(pastOrders).onItem(any());
        history.hold(); // so that the page is delivered by its answer's thread, not by this one's request
        StreamHandle stream = pizzeria.history("ada", pastOrders);
        stream.request(1);
        history.open();
        eventually().until(() -> busy.getCount() == 0);

        try {
            stream.request(1); // the second order is fetched already, so this could deliver it, but must not yet

            verify(pastOrders, times(1)).onItem(any());
        } finally {
            letGo.countDown();
        }
        eventually().until(() -> heardOn.size() == 2);
        assertThat(heardOn.stream().distinct()).as("one signal at a time, both from the thread that delivered the page")
                .singleElement().asString().startsWith("downstream-");
    }

    @Test
    void aRequestForNoItemsEndsTheStreamAtOnceAndCancelsTheCallInFlight() {
        history.hold();
        StreamHandle stream = pizzeria.history("ada", pastOrders);
        stream.request(1);
        eventually().until(() -> history.waiting() == 1);

        stream.request(0);

        verify(pastOrders).onFailure(any(IllegalArgumentException.class));
        assertThat(history.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
        history.open();
        assertThat(stream.cancel()).as("the stream is over").isFalse();
        verifyNoMoreInteractions(pastOrders);
    }

    @Test
    void aHistoryWithoutACustomerIsReportedAtOnceOnTheCallersThreadWithoutACall() {
        StreamHandle stream = pizzeria.history(" ", pastOrders);

        verify(pastOrders).onFailure(any(InvalidOrderException.class));
        stream.request(1);
        assertThat(stream.cancel()).as("the stream is over").isFalse();
        assertThat(downstream.log()).isEmpty();
        verifyNoMoreInteractions(pastOrders);
    }

    @Test
    void aRequestMadeInOnSubscribeWaitsForItToReturn() throws InterruptedException {
        @SuppressWarnings("unchecked")
        Flow.Subscriber<PastOrder> subscriber = mock(Flow.Subscriber.class);
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        doAnswer(onSubscribe -> {
            onSubscribe.<Flow.Subscription>getArgument(0).request(1);
            requested.countDown();
            letGo.await();
            return null;
        }).when(subscriber).onSubscribe(any());
        Thread subscribing = Thread.ofPlatform()
                .start(() -> new CallbackBridge(pizzeria).history("ada").subscribe(subscriber));
        eventually().until(() -> requested.getCount() == 0);

        try {
            assertThat(history.calls()).as("no call, so no onNext, while onSubscribe runs (rule 1.3)").isZero();
        } finally {
            letGo.countDown();
        }
        subscribing.join();

        eventually().untilAsserted(() -> verify(subscriber).onNext(any()));
        assertThat(history.calls()).isOne();
    }
}
