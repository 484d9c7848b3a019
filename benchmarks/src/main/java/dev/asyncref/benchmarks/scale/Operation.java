package dev.asyncref.benchmarks.scale;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import java.time.Duration;

/** The three operations the scale runner measures, each the simplest case of one pattern. */
public enum Operation {

    /** One call: the menu prices the order. */
    QUOTE("quote", 1),
    /** Two calls in sequence: the quote, then the charge of its total. */
    CHECKOUT("checkout", 2),
    /** Fan-out: one bake per pizza, all at once. */
    BAKE("bake", 1),
    /**
     * A blocking legacy lookup, then CPU-bound planning: the CPU-bound instrument's operation, never the
     * scale runner's (its cost is the planning, not the wait).
     */
    PLAN_DELIVERY("planDelivery", 1);

    /** The order every operation of every run serves: three pizzas, so that bake fans out to three calls. */
    public static final Order ORDER = Order.of("ada",
            Pizza.of("margherita"), Pizza.of("funghi", "olives"), Pizza.of("diavola", "chili"));

    private final String label;
    private final int callsInSequence;

    Operation(String label, int callsInSequence) {
        this.label = label;
        this.callsInSequence = callsInSequence;
    }

    public String label() {
        return label;
    }

    /**
     * The least time one operation can take when every call takes {@code latency}: the calls that must wait
     * for one another, one after the other. No style can finish N operations sooner.
     */
    public Duration criticalPath(Duration latency) {
        return latency.multipliedBy(callsInSequence);
    }

    /** Calls each operation has in flight while it waits for its first answer. */
    public int firstCalls() {
        return this == BAKE ? ORDER.pizzas().size() : 1;
    }

    public static Operation of(String label) {
        for (Operation operation : values()) {
            if (operation.label.equals(label)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("no operation named " + label + "; expected quote, checkout or bake");
    }
}
