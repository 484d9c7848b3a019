package dev.asyncref.downstream;

import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.TrackingQuery;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks orders, one long-poll at a time: each call answers with the update after the one the caller has,
 * or with nothing once the last update (delivered) has been given, so a stream of updates is one call per
 * update plus one to learn the end. Every order has {@value #DEFAULT_UPDATES} updates (placed, baking, out
 * for delivery, delivered) unless {@link #updates} sets its customer's count: a driver's location pings
 * make a fast producer.
 */
public final class TrackingService extends SimulatedService<TrackingQuery, Optional<OrderUpdate>> {

    static final long DEFAULT_UPDATES = 4;

    private final Map<String, Long> updates;

    TrackingService(Downstream.Settings settings, Network network, CallLog log) {
        this(settings, network, log, new ConcurrentHashMap<>());
    }

    private TrackingService(Downstream.Settings settings, Network network, CallLog log,
            Map<String, Long> updates) {
        super("tracking", settings, network, log, query -> next(query, updates));
        this.updates = updates;
    }

    public Cancellable next(TrackingQuery query, Callback<? super Optional<OrderUpdate>> callback) {
        return call(query, callback);
    }

    public Optional<OrderUpdate> next(TrackingQuery query) throws InterruptedException {
        return callBlocking(query);
    }

    /** From now on, orders of {@code customer} have {@code count} updates (0 to {@link Long#MAX_VALUE}). */
    public TrackingService updates(String customer, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be zero or positive, got " + count);
        }
        updates.put(customer, count);
        return this;
    }

    private static Optional<OrderUpdate> next(TrackingQuery query, Map<String, Long> updates) {
        long count = updates.getOrDefault(query.order().customer(), DEFAULT_UPDATES);
        if (query.after() < 0 || query.after() > count) {
            throw new IllegalArgumentException("no update " + query.after() + " to follow: " + count + " in all");
        }
        if (query.after() == count) {
            return Optional.empty();
        }
        long sequence = query.after() + 1;
        return Optional.of(new OrderUpdate(query.order(), sequence, status(sequence, count)));
    }

    private static String status(long sequence, long count) {
        if (sequence == count) {
            return "delivered";
        }
        if (sequence == 1) {
            return "placed";
        }
        return sequence == count - 1 ? "out for delivery" : "baking";
    }
}
