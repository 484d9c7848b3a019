package dev.asyncref.reactive.reactor;

import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
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
import dev.asyncref.contract.Requests;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.test.publisher.TestPublisher;

/** What the bridge itself adds to a {@link ReactorPizzeria}, shown on a scripted one. */
class ReactorBridgeTest {

    private static final PlacedOrder PLACED = new PlacedOrder(new Reservation("res-1", ONE_PIZZA),
            new Receipt("pay-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA)), new Booking("slot-1", ONE_PIZZA));

    @RegisterExtension
    final DroppedErrors dropped = new DroppedErrors();

    private final ReactorPizzeria pizzeria = mock(ReactorPizzeria.class);

    @Test
    void anOrderPlacedJustAsItsStageIsCancelledIsGivenBack() {
        // An operation past the point where a cancel could stop it: its order is already on its way, and
        // reaches the subscriber after the cancel, as Reactive Streams allows (rule 2.8).
        AtomicReference<Subscriber<? super PlacedOrder>> placing = new AtomicReference<>();
        when(pizzeria.placeOrder(any(), any())).thenReturn(Mono.fromDirect(subscriber -> {
            subscriber.onSubscribe(Operators.emptySubscription());
            placing.set(subscriber);
        }));
        when(pizzeria.giveBack(PLACED)).thenReturn(Mono.empty());
        CompletableFuture<PlacedOrder> placed = new ReactorBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture();

        placed.cancel(true);
        placing.get().onNext(PLACED);
        placing.get().onComplete();

        assertThat(placed).isCancelled();
        verify(pizzeria).giveBack(PLACED);
    }

    @Test
    void theGiveBackOfARefusedOrderRunsUnderTheCallersRequestAsPlaceOrder() {
        AtomicReference<Subscriber<? super PlacedOrder>> placing = new AtomicReference<>();
        when(pizzeria.placeOrder(any(), any())).thenReturn(Mono.fromDirect(subscriber -> {
            subscriber.onSubscribe(Operators.emptySubscription());
            placing.set(subscriber);
        }));
        AtomicReference<RequestContext> givenBackIn = new AtomicReference<>();
        when(pizzeria.giveBack(PLACED)).thenReturn(Mono.deferContextual(request -> {
            RequestScope.in(request, () -> givenBackIn.set(RequestContext.current()));
            return Mono.empty();
        }));
        CompletableFuture<PlacedOrder> placed = Requests.as("r-9", () -> new ReactorBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture());

        placed.cancel(true);
        placing.get().onNext(PLACED);

        assertThat(givenBackIn.get()).isEqualTo(new RequestContext("placeOrder", "r-9"));
    }

    @Test
    void eachGiveBackThatFailsForARefusedOrderIsLoggedOnceUnderTheCallersRequest() {
        AtomicReference<Subscriber<? super PlacedOrder>> placing = new AtomicReference<>();
        when(pizzeria.placeOrder(any(), any())).thenReturn(Mono.fromDirect(subscriber -> {
            subscriber.onSubscribe(Operators.emptySubscription());
            placing.set(subscriber);
        }));
        when(pizzeria.giveBack(PLACED)).thenReturn(Mono.error(Exceptions.multiple(
                new IllegalStateException("refund refused"), new IllegalStateException("release refused"))));
        CompletableFuture<PlacedOrder> placed = Requests.as("r-9", () -> new ReactorBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture());

        try (LogCapture log = LogCapture.open()) {
            placed.cancel(true);
            placing.get().onNext(PLACED);

            assertThat(log.lines()).as("R12.7: one line each, under the caller's request").allSatisfy(line ->
                    assertThat(line.getMDCPropertyMap()).containsEntry(RequestContext.CORRELATION_ID, "r-9"))
                    .extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                            "placeOrder: a give-back failed after the caller left: refund refused",
                            "placeOrder: a give-back failed after the caller left: release refused");
        }
    }

    @Test
    void aRequestForNothingCancelsTheStreamAndSignalsAnIllegalArgumentException() {
        TestPublisher<PastOrder> history = TestPublisher.create();
        when(pizzeria.history("ada")).thenReturn(history.flux());
        RecordingSubscriber<PastOrder> subscriber = subscribeTo(new ReactorBridge(pizzeria).history("ada"));

        subscriber.request(0);

        history.assertCancelled();
        assertThat(subscriber.errors()).as("rule 3.9: an error, not only a line in the log")
                .singleElement().isInstanceOf(IllegalArgumentException.class);
    }
}
