package dev.asyncref.demo;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.workload.Pizzeria;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.random.RandomGenerator;

/**
 * A stream scenario: which stream, how many items it has, the call that fails or hangs (0 for none), how the
 * subscriber asks (everything at once, in chunks, one at a time from inside {@code onNext} or from a thread of its
 * own, everything and then a cancel from inside {@code onNext} after some items, or a cancel inside
 * {@code onSubscribe}), whether a second subscriber streams the same publisher at once, and whose stream it is:
 * ada's, or now and then an invalid customer's (null, empty or blank).
 */
record StreamScenario(Kind stream, int items, int failingCall, boolean hangs, Demand demand, int chunkOrCancelAfter,
        boolean twoSubscribers, String customer) {

    enum Kind {
        TRACK, HISTORY;

        /** The customer's order's updates, or the customer's history; the customer may be invalid (R16.3). */
        Flow.Publisher<?> of(Pizzeria pizzeria, String customer) {
            return this == TRACK ? pizzeria.track(new Order(customer, List.of(Pizza.of("margherita"))))
                    : pizzeria.history(customer);
        }
    }

    /**
     * How the subscriber asks. EXACTLY asks once for exactly the stream's items, so its end comes with no demand;
     * FROM_ANOTHER_THREAD asks for one item at a time from a thread of its own, each once the one before came;
     * CANCEL_IN_ON_SUBSCRIBE cancels at once and then asks for everything, which must bring nothing, not a call.
     */
    enum Demand {
        ALL_AT_ONCE, IN_CHUNKS, ONE_AT_A_TIME_IN_ON_NEXT, CANCEL_IN_ON_NEXT, EXACTLY, FROM_ANOTHER_THREAD,
        CANCEL_IN_ON_SUBSCRIBE
    }

    /**
     * A random scenario. Asking for exactly the items is for history only: tracking learns its end from a call,
     * which needs demand (R13.2), so no style ends it without more. Two subscribers only meet a service that
     * answers every call: their calls interleave, so which of them a failing or hanging call number hits is chance.
     */
    static StreamScenario random(RandomGenerator random) {
        Kind stream = random.nextBoolean() ? Kind.TRACK : Kind.HISTORY;
        Demand demand = Demand.values()[random.nextInt(Demand.values().length)];
        int failingCall = random.nextInt(3) == 0 ? random.nextInt(1, 5) : 0;
        boolean hangs = random.nextInt(6) == 0;
        return new StreamScenario(stream, random.nextInt(0, 13), failingCall, hangs,
                stream == Kind.TRACK && demand == Demand.EXACTLY ? Demand.ALL_AT_ONCE : demand, random.nextInt(1, 6),
                failingCall == 0 && !hangs && random.nextInt(4) == 0,
                random.nextInt(8) == 0 ? Arrays.asList(null, "", " ").get(random.nextInt(3)) : "ada");
    }

    @Override
    public String toString() {
        return stream + " of " + items + " items, " + demand
                + (demand == Demand.IN_CHUNKS ? " of " + chunkOrCancelAfter : "")
                + (demand == Demand.CANCEL_IN_ON_NEXT ? " after " + chunkOrCancelAfter : "")
                + (demand == Demand.EXACTLY ? " " + items : "")
                + (failingCall > 0 ? "; call " + failingCall + " fails" : "")
                + (hangs ? "; the service never answers" : "")
                + (twoSubscribers ? "; two subscribers at once" : "")
                + ("ada".equals(customer) ? "" : "; for the invalid customer " + (customer == null ? "null"
                        : "'" + customer + "'"));
    }
}
