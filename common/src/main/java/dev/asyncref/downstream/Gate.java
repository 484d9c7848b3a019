package dev.asyncref.downstream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Holds answered calls back until a test releases them, so that tests prove concurrency and cancellation
 * by what is in flight, never by timing. Open by default; an open gate costs one volatile read per call.
 */
final class Gate {

    private volatile boolean holding;
    private final List<Call<?, ?>> held = new ArrayList<>();

    /** Returns {@code true} if the call may be answered now, else keeps it until released. */
    boolean admit(Call<?, ?> call) {
        if (!holding) {
            return true;
        }
        synchronized (this) {
            if (!holding) {
                return true;
            }
            held.add(call);
            return false;
        }
    }

    synchronized void hold() {
        holding = true;
    }

    /** Stops holding and returns every call that was held. */
    synchronized List<Call<?, ?>> open() {
        holding = false;
        List<Call<?, ?>> released = List.copyOf(held);
        held.clear();
        return released;
    }

    /** Returns the pending held calls that match, which stop being held; the gate stays closed. */
    synchronized List<Call<?, ?>> release(Predicate<Call<?, ?>> which) {
        List<Call<?, ?>> released = new ArrayList<>();
        held.removeIf(call -> which.test(call) && released.add(call));
        released.removeIf(call -> !call.pending()); // cancelled while held: nothing left to answer
        return released;
    }

    /** The requests of the pending calls waiting at the gate, longest waiting first. */
    synchronized List<Object> waitingRequests() {
        return held.stream().filter(Call::pending).<Object>map(Call::request).toList();
    }

    /** Calls waiting at the gate that are still pending (a cancelled call no longer counts). */
    synchronized int waiting() {
        return (int) held.stream().filter(Call::pending).count();
    }
}
