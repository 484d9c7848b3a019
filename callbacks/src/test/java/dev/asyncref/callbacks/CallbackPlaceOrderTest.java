package dev.asyncref.callbacks;

import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.DispatchService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.PaymentService;
import dev.asyncref.downstream.StockService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mockito.stubbing.Answer;

/**
 * {@code placeOrder} when a step's answer arrives after the caller cancelled, too late for its call to be
 * cancelled: the order of events a running placement meets only by chance (R12.5), here made by services the
 * test answers by hand, whose cancel says the call has answered already. Each thing acquired is given back once,
 * and the listener hears nothing.
 */
class CallbackPlaceOrderTest {

    private static final Reservation RESERVATION = new Reservation("r-1", ONE_PIZZA);
    private static final Receipt RECEIPT = new Receipt("p-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA));
    private static final Booking BOOKING = new Booking("b-1", ONE_PIZZA);
    private static final Cancellable ALREADY_ANSWERED = () -> false;

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Callback<Object>> waiting = new ConcurrentHashMap<>();
    private final StockService stock = mock(StockService.class);
    private final PaymentService payments = mock(PaymentService.class);
    private final DispatchService dispatch = mock(DispatchService.class);
    @AutoClose
    private final Pools pools = new Pools();
    private final CallbackPizzeria pizzeria = pools.pizzeria(downstream());
    @SuppressWarnings("unchecked")
    private final Callback<PlacedOrder> listener = mock(Callback.class);

    @Test
    void aReservationAnsweredAfterTheCallerCancelledIsReleasedAndNoChargeStarts() {
        Cancellable placing = pizzeria.placeOrder(ONE_PIZZA, Duration.ofHours(1), listener);

        assertThat(placing.cancel()).isTrue();
        answer("stock.reserve", RESERVATION);

        assertThat(calls).containsExactly("stock.reserve", "stock.release");
        verifyNoInteractions(listener);
    }

    @Test
    void aBookingAnsweredAfterTheCallerCancelledIsGivenBackOnceAfterEverythingBeforeIt() {
        Cancellable placing = pizzeria.placeOrder(ONE_PIZZA, Duration.ofHours(1), listener);
        answer("stock.reserve", RESERVATION);
        answer("payments.charge", RECEIPT);

        assertThat(placing.cancel()).isTrue();
        answer("dispatch.book", BOOKING);

        assertThat(calls).containsExactly("stock.reserve", "payments.charge", "dispatch.book",
                "payments.refund", "stock.release", "dispatch.cancel");
        verifyNoInteractions(listener);
    }

    private Downstream downstream() {
        Downstream downstream = mock(Downstream.class);
        when(downstream.stock()).thenReturn(stock);
        when(downstream.payments()).thenReturn(payments);
        when(downstream.dispatch()).thenReturn(dispatch);
        when(stock.reserve(any(), any())).then(waitsAs("stock.reserve"));
        when(payments.charge(any(), any())).then(waitsAs("payments.charge"));
        when(dispatch.book(any(), any())).then(waitsAs("dispatch.book"));
        when(stock.release(any(), any())).then(answersAs("stock.release"));
        when(payments.refund(any(), any())).then(answersAs("payments.refund"));
        when(dispatch.cancelBooking(any(), any())).then(answersAs("dispatch.cancel"));
        return downstream;
    }

    /** A call the test answers; its cancel comes too late. */
    private Answer<Cancellable> waitsAs(String call) {
        return invocation -> {
            calls.add(call);
            waiting.put(call, invocation.getArgument(1));
            return ALREADY_ANSWERED;
        };
    }

    /** A give-back, done at once. */
    private Answer<Cancellable> answersAs(String call) {
        return invocation -> {
            calls.add(call);
            invocation.<Callback<Object>>getArgument(1).onSuccess(invocation.getArgument(0));
            return ALREADY_ANSWERED;
        };
    }

    private void answer(String call, Object value) {
        waiting.remove(call).onSuccess(value);
    }
}
