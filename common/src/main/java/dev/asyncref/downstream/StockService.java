package dev.asyncref.downstream;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Reservation;
import java.util.concurrent.atomic.AtomicLong;

/** Reserves an order's ingredients, and releases a reservation that will not be baked. */
public final class StockService extends SimulatedService<Order, Reservation> {

    private final UndoService<Reservation> releases;

    StockService(Downstream.Settings settings, Network network, CallLog log) {
        super("stock", settings, network, log, new Storeroom()::reserve);
        releases = new UndoService<>("stock.release", settings, network, log);
    }

    public Cancellable reserve(Order order, Callback<? super Reservation> callback) {
        return call(order, callback);
    }

    public Reservation reserve(Order order) throws InterruptedException {
        return callBlocking(order);
    }

    public Cancellable release(Reservation reservation, Callback<? super Reservation> callback) {
        return releases.undo(reservation, callback);
    }

    public Reservation release(Reservation reservation) throws InterruptedException {
        return releases.undo(reservation);
    }

    /** The release calls, a service of their own. */
    public UndoService<Reservation> releases() {
        return releases;
    }

    private static final class Storeroom {
        private final AtomicLong reservations = new AtomicLong();

        Reservation reserve(Order order) {
            return new Reservation("res-" + reservations.incrementAndGet(), order);
        }
    }
}
