package dev.asyncref.domain;

import java.time.Duration;

/** A courier's offer to deliver an order, arriving within {@code eta}. */
public record CourierOffer(String courier, Duration eta) {

    @Override
    public String toString() {
        return courier + " in " + eta.toMinutes() + " min";
    }
}
