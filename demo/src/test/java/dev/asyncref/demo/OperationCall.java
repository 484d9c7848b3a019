package dev.asyncref.demo;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One operation of the interface with its parameters, valid or not. {@code timer} stands for the operation's
 * duration parameter (timeout, deadline or hedge delay), {@code count} for its ovens, {@code policy} for its
 * retries; each is used only by the operations that take it.
 */
record OperationCall(Kind kind, Duration timer, int count, RetryPolicy policy) {

    enum Kind {
        QUOTE, CHECKOUT, BAKE, BAKE_BATCH, BAKE_BATCH_OUTCOMES, FIND_COURIER, QUOTE_WITHIN, CHECKOUT_WITHIN,
        FIND_COURIER_WITHIN, QUOTE_HEDGED, QUOTE_WITH_RETRIES, PLACE_ORDER, PLAN_DELIVERY;

        /**
         * The services it calls, by their names in the call log; the give-backs are placeOrder's, and "routes" is
         * planDelivery's route planner, a computation that answers or fails.
         */
        List<String> services() {
            return switch (this) {
                case QUOTE, QUOTE_WITHIN, QUOTE_HEDGED, QUOTE_WITH_RETRIES -> List.of("menu");
                case CHECKOUT, CHECKOUT_WITHIN -> List.of("menu", "payments");
                case BAKE, BAKE_BATCH, BAKE_BATCH_OUTCOMES -> List.of("kitchen");
                case FIND_COURIER, FIND_COURIER_WITHIN -> List.of("bike", "scooter", "van");
                case PLACE_ORDER -> List.of("stock", "payments", "dispatch", "payments.refund", "stock.release",
                        "dispatch.cancel");
                case PLAN_DELIVERY -> List.of("addresses", "routes");
            };
        }

        /** Whether a timer of its own ends the operation when a call never answers. */
        boolean timed() {
            return switch (this) {
                case QUOTE_WITHIN, CHECKOUT_WITHIN, FIND_COURIER_WITHIN, PLACE_ORDER -> true;
                default -> false;
            };
        }

        /** Whether it calls equivalent services at once, so that which of them answers first is chance. */
        boolean races() {
            return switch (this) {
                case BAKE, BAKE_BATCH, BAKE_BATCH_OUTCOMES, FIND_COURIER, FIND_COURIER_WITHIN -> true;
                default -> false;
            };
        }
    }

    CompletionStage<?> on(Pizzeria pizzeria, Order order) {
        return switch (kind) {
            case QUOTE -> pizzeria.quote(order);
            case CHECKOUT -> pizzeria.checkout(order);
            case BAKE -> pizzeria.bake(order);
            case BAKE_BATCH -> pizzeria.bakeBatch(order, count);
            case BAKE_BATCH_OUTCOMES -> pizzeria.bakeBatchOutcomes(order, count);
            case FIND_COURIER -> pizzeria.findCourier(order);
            case QUOTE_WITHIN -> pizzeria.quoteWithin(order, timer);
            case CHECKOUT_WITHIN -> pizzeria.checkoutWithin(order, timer);
            case FIND_COURIER_WITHIN -> pizzeria.findCourierWithin(order, timer);
            case QUOTE_HEDGED -> pizzeria.quoteHedged(order, timer);
            case QUOTE_WITH_RETRIES -> pizzeria.quoteWithRetries(order, policy);
            case PLACE_ORDER -> pizzeria.placeOrder(order, timer);
            case PLAN_DELIVERY -> pizzeria.planDelivery(order);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BAKE_BATCH, BAKE_BATCH_OUTCOMES -> kind + "(ovens " + count + ")";
            case QUOTE_WITHIN, CHECKOUT_WITHIN, FIND_COURIER_WITHIN, QUOTE_HEDGED, PLACE_ORDER ->
                    kind + "(" + timer + ")";
            case QUOTE_WITH_RETRIES -> kind + "(" + policy + ")";
            default -> kind.toString();
        };
    }
}
