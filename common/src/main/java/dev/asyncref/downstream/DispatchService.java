package dev.asyncref.downstream;

import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Order;
import java.util.concurrent.atomic.AtomicLong;

/** Books a delivery slot for an order, and cancels a booking that will not be delivered. */
public final class DispatchService extends SimulatedService<Order, Booking> {

    private final UndoService<Booking> cancellations;

    DispatchService(Downstream.Settings settings, Network network, CallLog log) {
        super("dispatch", settings, network, log, new Planner()::book);
        cancellations = new UndoService<>("dispatch.cancel", settings, network, log);
    }

    public Cancellable book(Order order, Callback<? super Booking> callback) {
        return call(order, callback);
    }

    public Booking book(Order order) throws InterruptedException {
        return callBlocking(order);
    }

    public Cancellable cancelBooking(Booking booking, Callback<? super Booking> callback) {
        return cancellations.undo(booking, callback);
    }

    public Booking cancelBooking(Booking booking) throws InterruptedException {
        return cancellations.undo(booking);
    }

    /** The booking cancellations, a service of their own. */
    public UndoService<Booking> cancellations() {
        return cancellations;
    }

    private static final class Planner {
        private final AtomicLong bookings = new AtomicLong();

        Booking book(Order order) {
            return new Booking("slot-" + bookings.incrementAndGet(), order);
        }
    }
}
