package dev.asyncref.contract;

import dev.asyncref.context.OperationName;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The workload's operations, for rules that every operation must keep. Their timers (timeouts, deadlines, the
 * hedge delay) are an hour: never reached in a test, so that what a test sees comes from the caller or the
 * services, never from a timer firing meanwhile.
 */
public enum Operation {
    QUOTE(Pizzeria::quote),
    CHECKOUT(Pizzeria::checkout),
    BAKE(Pizzeria::bake),
    BAKE_BATCH((pizzeria, order) -> pizzeria.bakeBatch(order, 3)),
    BAKE_BATCH_OUTCOMES((pizzeria, order) -> pizzeria.bakeBatchOutcomes(order, 3)),
    FIND_COURIER(Pizzeria::findCourier),
    QUOTE_WITHIN((pizzeria, order) -> pizzeria.quoteWithin(order, Timers.NEVER)),
    CHECKOUT_WITHIN((pizzeria, order) -> pizzeria.checkoutWithin(order, Timers.NEVER)),
    FIND_COURIER_WITHIN((pizzeria, order) -> pizzeria.findCourierWithin(order, Timers.NEVER)),
    QUOTE_HEDGED((pizzeria, order) -> pizzeria.quoteHedged(order, Timers.NEVER)),
    QUOTE_WITH_RETRIES((pizzeria, order) -> pizzeria.quoteWithRetries(order,
            new RetryPolicy(3, Duration.ofMillis(10), 0.5))),
    PLACE_ORDER((pizzeria, order) -> pizzeria.placeOrder(order, Timers.NEVER)),
    PLAN_DELIVERY(Pizzeria::planDelivery);

    /** Holds the constant apart: an enum's constants are built before its own static fields. */
    private static final class Timers {
        static final Duration NEVER = Duration.ofHours(1);
    }

    private final BiFunction<Pizzeria, Order, CompletionStage<?>> invocation;

    Operation(BiFunction<Pizzeria, Order, CompletionStage<?>> invocation) {
        this.invocation = invocation;
    }

    /** The name it runs under ({@link dev.asyncref.context.RequestContext#OPERATION}). */
    public OperationName label() {
        return OperationName.valueOf(name());
    }

    public CompletionStage<?> on(Pizzeria pizzeria, Order order) {
        return invocation.apply(pizzeria, order);
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
