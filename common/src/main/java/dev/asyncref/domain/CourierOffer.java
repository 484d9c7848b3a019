package dev.asyncref.domain;

import java.time.Duration;

/** A courier's offer to deliver an order, arriving within {@code eta}. */
public record CourierOffer(String courier, Duration eta) {

    /** The fallback when no courier offers in time: the pizzeria's own driver, slower but always there. */
    public static final CourierOffer OWN_DRIVER = new CourierOffer("own driver", Duration.ofMinutes(45));

    @Override
    public String toString() {
        return courier + " in " + eta.toMinutes() + " min";
    }
}
