package dev.asyncref.context;

/**
 * The name each operation puts under {@link RequestContext#OPERATION}: its method name in
 * {@link dev.asyncref.workload.Pizzeria}, spelled once so that every style's failures and log lines read
 * alike.
 */
public enum OperationName {
    QUOTE("quote"),
    CHECKOUT("checkout"),
    BAKE("bake"),
    BAKE_BATCH("bakeBatch"),
    BAKE_BATCH_OUTCOMES("bakeBatchOutcomes"),
    FIND_COURIER("findCourier"),
    QUOTE_WITHIN("quoteWithin"),
    CHECKOUT_WITHIN("checkoutWithin"),
    FIND_COURIER_WITHIN("findCourierWithin"),
    QUOTE_HEDGED("quoteHedged"),
    QUOTE_WITH_RETRIES("quoteWithRetries"),
    PLACE_ORDER("placeOrder"),
    PLAN_DELIVERY("planDelivery"),
    TRACK("track"),
    HISTORY("history");

    private final String label;

    OperationName(String label) {
        this.label = label;
    }

    /** The value stored in the MDC. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
