package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The caller's end of a helper's call: what it heard, on which thread, and what the test chose to look at as
 * it heard it (the calls still in flight, say), so that "before the outcome is delivered" is read at the
 * moment of delivery.
 */
final class Heard<T> implements Callback<T> {

    private final List<Object> outcomes = new CopyOnWriteArrayList<>();
    private final Supplier<?> look;
    private volatile String thread;
    private volatile Object seen;

    Heard() {
        this(() -> null);
    }

    /** @param look what to look at as the outcome arrives */
    Heard(Supplier<?> look) {
        this.look = look;
    }

    @Override
    public void onSuccess(T value) {
        heard(value);
    }

    @Override
    public void onFailure(Throwable failure) {
        heard(failure);
    }

    private void heard(Object outcome) {
        thread = Thread.currentThread().getName();
        seen = look.get();
        outcomes.add(outcome);
    }

    /** Every value and failure heard, in order: more than one is a helper's bug. */
    List<Object> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The one value or failure heard. */
    Object outcome() {
        if (outcomes.size() != 1) {
            throw new AssertionError("heard " + outcomes.size() + " outcomes: " + outcomes);
        }
        return outcomes.getFirst();
    }

    boolean nothing() {
        return outcomes.isEmpty();
    }

    /** The name of the thread that delivered the outcome. */
    String thread() {
        return thread;
    }

    /** What the look saw as the outcome arrived. */
    Object seen() {
        return seen;
    }
}
