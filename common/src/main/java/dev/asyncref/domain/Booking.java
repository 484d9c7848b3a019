package dev.asyncref.domain;

/** A delivery slot booked for an order until it is delivered or the booking is cancelled. */
public record Booking(String id, Order order) {

    @Override
    public String toString() {
        return "booking " + id + " for " + order.customer();
    }
}
