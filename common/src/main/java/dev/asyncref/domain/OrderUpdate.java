package dev.asyncref.domain;

/**
 * One tracking update of an order: where it is now.
 *
 * @param order the order tracked
 * @param sequence 1 for the first update, then one more for each
 * @param status what is happening: placed, baking, out for delivery, delivered
 */
public record OrderUpdate(Order order, long sequence, String status) {

    @Override
    public String toString() {
        return order.customer() + "'s order #" + sequence + ": " + status;
    }
}
