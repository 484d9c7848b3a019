package dev.asyncref.domain;

/** The ingredients set aside for an order until it is baked or the reservation is released. */
public record Reservation(String id, Order order) {

    @Override
    public String toString() {
        return "reservation " + id + " for " + order.customer();
    }
}
