package dev.asyncref.downstream;


/**
 * Undoes what another service's call acquired (releases a reservation, refunds a charge, cancels a
 * booking) and answers with the thing it undid. A remote call like any other: it takes the latency, can
 * be held, scripted to fail, cancelled, and is logged under its own name ({@code payments.refund}), so
 * that a test counts how often each acquired thing was given back.
 *
 * @param <T> what it undoes
 */
public final class UndoService<T> extends SimulatedService<T, T> {

    UndoService(String name, Downstream.Settings settings, Network network, CallLog log) {
        super(name, settings, network, log, acquired -> acquired);
    }

    Cancellable undo(T acquired, Callback<? super T> callback) {
        return call(acquired, callback);
    }

    T undo(T acquired) throws InterruptedException {
        return callBlocking(acquired);
    }
}
