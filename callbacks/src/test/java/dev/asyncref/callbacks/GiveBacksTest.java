package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.asyncref.context.OperationName;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.Downstream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GiveBacks} driven by hand, its calls answered by the test: an answer that arrives after the caller
 * cancelled, whose call could no longer be cancelled, is the order of events a running {@code placeOrder} meets
 * only by chance (R12.5). Here the call's cancel handle says so, as the service's does once it has answered.
 */
class GiveBacksTest {

    private static final Reservation RESERVATION = new Reservation("r-1", ONE_PIZZA);
    private static final Receipt RECEIPT = new Receipt("p-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA));
    private static final Booking BOOKING = new Booking("b-1", ONE_PIZZA);
    private static final Cancellable ALREADY_ANSWERED = () -> false;

    private final Downstream downstream = Downstream.start();
    @SuppressWarnings("unchecked")
    private final Callback<PlacedOrder> listener = mock(Callback.class);
    private final Outcome<PlacedOrder> outcome =
            new Outcome<>(RequestMdc.capture(OperationName.PLACE_ORDER), listener);
    private final GiveBacks<PlacedOrder> giveBacks =
            new GiveBacks<>(outcome, Deadline.in(Duration.ofHours(1)), (delay, task) -> { });

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    @Test
    void aReservationAnsweredAfterTheCallerCancelledIsReleasedAndNoChargeStarts() {
        AtomicReference<Callback<Reservation>> reserving = new AtomicReference<>();
        giveBacks.<Reservation>acquire(Step.RESERVE, answer -> {
            reserving.set(answer);
            return ALREADY_ANSWERED;
        }, downstream.stock()::release, reservation -> giveBacks.<Receipt>acquire(Step.CHARGE, answer -> {
            throw new AssertionError("no charge once the caller cancelled");
        }, downstream.payments()::refund, receipt -> { }));

        outcome.cancel();
        reserving.get().onSuccess(RESERVATION);

        eventually().until(() -> downstream.stock().releases().inFlight() == 0
                && !downstream.stock().releases().log().isEmpty());
        assertThat(downstream.stock().releases().log()).extracting(CallEvent::kind)
                .as("released once, to the end").containsExactly(Kind.STARTED, Kind.SUCCEEDED);
        verifyNoInteractions(listener);
    }

    @Test
    void aBookingAnsweredAfterTheCallerCancelledIsGivenBackWithAllBeforeIt() {
        AtomicReference<Callback<Receipt>> charging = new AtomicReference<>();
        AtomicReference<Callback<Booking>> booking = new AtomicReference<>();
        giveBacks.<Receipt>acquire(Step.CHARGE, answer -> {
            charging.set(answer);
            return ALREADY_ANSWERED;
        }, downstream.payments()::refund, receipt -> giveBacks.<Booking>acquire(Step.BOOK, answer -> {
            booking.set(answer);
            return ALREADY_ANSWERED;
        }, downstream.dispatch()::cancelBooking, booked -> giveBacks.succeed(
                new PlacedOrder(RESERVATION, receipt, booked))));
        charging.get().onSuccess(RECEIPT);

        outcome.cancel();
        booking.get().onSuccess(BOOKING);

        eventually().until(() -> downstream.inFlight() == 0 && !downstream.payments().refunds().log().isEmpty());
        assertThat(downstream.log()).extracting(CallEvent::service, CallEvent::kind)
                .as("the booking, then the charge, given back to the end").containsExactly(
                        tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                        tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED));
        verifyNoInteractions(listener);
    }
}
