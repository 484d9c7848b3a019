package dev.asyncref.virtualthreads;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncref.context.RequestContext;
import dev.asyncref.contract.LogCapture;
import dev.asyncref.contract.RecordingSubscriber;
import dev.asyncref.contract.Requests;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the bridge itself adds to a {@link BlockingPizzeria}, shown on a scripted one. */
@ExtendWith(NoPinnedThreads.class)
class BlockingBridgeTest {

    private static final PlacedOrder PLACED = new PlacedOrder(new Reservation("res-1", ONE_PIZZA),
            new Receipt("pay-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA)), new Booking("slot-1", ONE_PIZZA));

    private final BlockingPizzeria pizzeria = mock(BlockingPizzeria.class);

    @Test
    void anOrderPlacedJustAsItsStageIsCancelledIsGivenBack() throws InterruptedException {
        // Still placing when the stage is cancelled, done just after: it returns normally with the interrupt
        // pending, as a blocking call whose answer won the race with the interrupt does.
        when(pizzeria.placeOrder(any(), any())).thenAnswer(placing -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
            return PLACED;
        });
        CompletableFuture<PlacedOrder> placed = new BlockingBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture();

        placed.cancel(true);

        assertThat(placed).isCancelled();
        eventually().untilAsserted(() -> verify(pizzeria).giveBack(PLACED));
    }

    @Test
    void eachGiveBackThatFailsForARefusedOrderIsLoggedOnceUnderTheCallersRequest() throws InterruptedException {
        when(pizzeria.placeOrder(any(), any())).thenAnswer(placing -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
            return PLACED;
        });
        IllegalStateException notAllGivenBack = new IllegalStateException("not all given back: " + PLACED);
        notAllGivenBack.addSuppressed(new IllegalStateException("refund refused"));
        notAllGivenBack.addSuppressed(new IllegalStateException("release refused"));
        doThrow(notAllGivenBack).when(pizzeria).giveBack(PLACED);
        CompletableFuture<PlacedOrder> placed = Requests.as("r-9", () -> new BlockingBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture());

        try (LogCapture log = LogCapture.open()) {
            placed.cancel(true);

            eventually().untilAsserted(() -> assertThat(log.lines()).hasSize(2));
            assertThat(log.lines()).as("R12.7: one line each, under the caller's request").allSatisfy(line ->
                    assertThat(line.getMDCPropertyMap()).containsEntry(RequestContext.CORRELATION_ID, "r-9"))
                    .extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                            "placeOrder: a give-back failed after the caller left: refund refused",
                            "placeOrder: a give-back failed after the caller left: release refused");
        }
    }

    @Test
    void cancellingWhileTheSubscriberHandlesAnItemDoesNotInterruptItAndThenClosesTheStream() {
        CountDownLatch closed = new CountDownLatch(1);
        when(pizzeria.history("ada")).thenReturn(
                Stream.of(new PastOrder("ada", 1, "funghi"), new PastOrder("ada", 2, "margherita"))
                        .onClose(closed::countDown));
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        List<Object> signals = new CopyOnWriteArrayList<>();
        new BlockingBridge(pizzeria).history("ada").subscribe(new Flow.Subscriber<PastOrder>() {
            @Override
            public void onSubscribe(Flow.Subscription subscribed) {
                subscription.set(subscribed);
                subscribed.request(2);
            }

            @Override
            public void onNext(PastOrder order) {
                signals.add(order);
                handling.countDown();
                try {
                    cancelled.await(); // an interrupt would end this wait at once
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }

            @Override
            public void onError(Throwable failure) {
                signals.add(failure);
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });
        eventually().until(() -> handling.getCount() == 0);

        subscription.get().cancel();
        cancelled.countDown();

        eventually().until(() -> closed.getCount() == 0);
        assertThat(interrupted).as("cancel does not interrupt the subscriber's own code").isFalse();
        assertThat(signals).as("nothing after the cancel, though two were requested").hasSize(1);
    }

    /** The cancel lands while the item is being pulled, after its fetch succeeded: the item goes to nobody. */
    @Test
    void anItemFetchedAsTheSubscriberCancelsIsNotDelivered() {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        when(pizzeria.history("ada")).thenReturn(Stream.of(new PastOrder("ada", 1, "funghi"))
                .peek(fetched -> subscription.get().cancel()).onClose(closed::countDown));

        RecordingSubscriber<PastOrder> history = subscribeTo(new BlockingBridge(pizzeria).history("ada"),
                subscribed -> {
                    subscription.set(subscribed);
                    subscribed.request(1);
                });

        eventually().until(() -> closed.getCount() == 0);
        assertThat(history.items()).as("R16.3: nothing after the cancel").isEmpty();
        assertThat(history.errors()).isEmpty();
        assertThat(history.completions()).isZero();
    }
}
