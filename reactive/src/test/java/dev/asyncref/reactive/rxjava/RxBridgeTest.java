package dev.asyncref.reactive.rxjava;

import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncref.context.RequestContext;
import dev.asyncref.contract.LogCapture;
import dev.asyncref.contract.RecordingSubscriber;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.exceptions.CompositeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the bridge itself adds to an {@link RxPizzeria}, shown on a scripted one. */
class RxBridgeTest {

    private static final PlacedOrder PLACED = new PlacedOrder(new Reservation("res-1", ONE_PIZZA),
            new Receipt("pay-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA)), new Booking("slot-1", ONE_PIZZA));

    private final RxPizzeria pizzeria = mock(RxPizzeria.class);

    @Test
    void anOrderPlacedJustAsItsStageIsCancelledIsGivenBack() {
        AtomicReference<SingleObserver<? super PlacedOrder>> placing = placingPastItsDispose();
        when(pizzeria.giveBack(PLACED)).thenReturn(Completable.complete());
        CompletableFuture<PlacedOrder> placed = new RxBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture();

        placed.cancel(true);
        placing.get().onSuccess(PLACED);

        assertThat(placed).isCancelled();
        verify(pizzeria).giveBack(PLACED);
    }

    @Test
    void anOrderPlacedJustAsItsStageIsCancelledIsGivenBackForTheCallersRequest() {
        AtomicReference<SingleObserver<? super PlacedOrder>> placing = placingPastItsDispose();
        AtomicReference<String> givenBackFor = new AtomicReference<>();
        when(pizzeria.giveBack(PLACED)).thenReturn(Completable.fromAction(() -> givenBackFor.set(
                MDC.get(RequestContext.CORRELATION_ID))));
        CompletableFuture<PlacedOrder> placed = as("request-1", () -> new RxBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture());

        placed.cancel(true);
        // Delivered on a thread that carries another request, as a downstream thread may have.
        as("someone-else", () -> {
            placing.get().onSuccess(PLACED);
            return null;
        });

        assertThat(givenBackFor).hasValue("request-1");
    }

    @Test
    void eachGiveBackThatFailsForARefusedOrderIsLoggedOnceUnderTheCallersRequest() {
        AtomicReference<SingleObserver<? super PlacedOrder>> placing = placingPastItsDispose();
        when(pizzeria.giveBack(PLACED)).thenReturn(Completable.error(new CompositeException(
                new IllegalStateException("refund refused"), new IllegalStateException("release refused"))));
        CompletableFuture<PlacedOrder> placed = as("request-1", () -> new RxBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture());

        try (LogCapture log = LogCapture.open()) {
            placed.cancel(true);
            placing.get().onSuccess(PLACED);

            assertThat(log.lines()).as("R12.7: one line each, under the caller's request").allSatisfy(line ->
                    assertThat(line.getMDCPropertyMap()).containsEntry(RequestContext.CORRELATION_ID, "request-1"))
                    .extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                            "placeOrder: a give-back failed after the caller left: refund refused",
                            "placeOrder: a give-back failed after the caller left: release refused");
        }
    }

        @Test
    void aRequestOfZeroIsAnErrorForTheSubscriberAndCancelsTheStream() {
        // Within RxJava, request(0) is only reported to RxJavaPlugins: rule 3.9 holds because the adapter's
        // subscriber is not RxJava's own, so the Flowable wraps it in its StrictSubscriber.
        AtomicBoolean cancelled = new AtomicBoolean();
        when(pizzeria.history("ada")).thenReturn(Flowable.<PastOrder>never().doOnCancel(() -> cancelled.set(true)));
        RecordingSubscriber<PastOrder> history = subscribeTo(new RxBridge(pizzeria).history("ada"));

        history.request(0);

        assertThat(history.errors()).singleElement().isInstanceOf(IllegalArgumentException.class);
        assertThat(cancelled).isTrue();
    }

    /**
     * Scripts placeOrder as an operation past the point where a dispose could stop it: its outcome is already on
     * its way, and the test delivers it through the observer returned, when it chooses.
     */
    private AtomicReference<SingleObserver<? super PlacedOrder>> placingPastItsDispose() {
        AtomicReference<SingleObserver<? super PlacedOrder>> placing = new AtomicReference<>();
        when(pizzeria.placeOrder(any(), any())).thenReturn(Single.unsafeCreate(observer -> {
            observer.onSubscribe(Disposable.empty());
            placing.set(observer);
        }));
        return placing;
    }
}
