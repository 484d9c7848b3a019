package dev.asyncref.demo;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.Flow;
import java.util.random.RandomGenerator;

/**
 * A stream scenario: which stream, how many items it has, the call that fails or hangs (0 for none), and how the
 * subscriber asks: everything at once, in chunks, one at a time from inside {@code onNext}, or everything and then
 * a cancel from inside {@code onNext} after some items.
 */
record StreamScenario(Kind stream, int items, int failingCall, boolean hangs, Demand demand, int chunkOrCancelAfter) {

    enum Kind {
        TRACK, HISTORY;

        Flow.Publisher<?> of(Pizzeria pizzeria) {
            return this == TRACK ? pizzeria.track(Order.of("ada", Pizza.of("margherita"))) : pizzeria.history("ada");
        }
    }

    /** How the subscriber asks; EXACTLY asks once for exactly the stream's items, so its end comes with no demand. */
    enum Demand { ALL_AT_ONCE, IN_CHUNKS, ONE_AT_A_TIME_IN_ON_NEXT, CANCEL_IN_ON_NEXT, EXACTLY }

    /**
     * A random scenario. Asking for exactly the items is for history only: tracking learns its end from a call,
     * which needs demand (R13.2), so no style ends it without more.
     */
    static StreamScenario random(RandomGenerator random) {
        Kind stream = random.nextBoolean() ? Kind.TRACK : Kind.HISTORY;
        Demand demand = Demand.values()[random.nextInt(Demand.values().length)];
        return new StreamScenario(stream, random.nextInt(0, 13), random.nextInt(3) == 0 ? random.nextInt(1, 5) : 0,
                random.nextInt(6) == 0, stream == Kind.TRACK && demand == Demand.EXACTLY ? Demand.ALL_AT_ONCE : demand,
                random.nextInt(1, 6));
    }

    @Override
    public String toString() {
        return stream + " of " + items + " items, " + demand
                + (demand == Demand.IN_CHUNKS ? " of " + chunkOrCancelAfter : "")
                + (demand == Demand.CANCEL_IN_ON_NEXT ? " after " + chunkOrCancelAfter : "")
                + (demand == Demand.EXACTLY ? " " + items : "")
                + (failingCall > 0 ? "; call " + failingCall + " fails" : "")
                + (hangs ? "; the service never answers" : "");
    }
}
