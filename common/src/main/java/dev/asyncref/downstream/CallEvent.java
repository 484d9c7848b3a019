package dev.asyncref.downstream;

import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;

/**
 * One entry of the call log.
 *
 * @param service the service's name
 * @param call the call's number within its service, from 1
 * @param kind what happened
 * @param request what the call was asked
 * @param thread the thread it happened on ({@code virtual-<id>} for an unnamed virtual thread)
 * @param virtualThread whether that thread is virtual
 * @param nanoTime {@link System#nanoTime()} when it happened
 * @param correlationId the correlation id in that thread's MDC ({@link RequestContext}), or {@code null}: on
 *     {@code STARTED}, the caller's, as a client copies it into a request header
 */
public record CallEvent(
        String service, long call, Kind kind, Object request, String thread, boolean virtualThread, long nanoTime,
        String correlationId) {

    public enum Kind {
        /** The call was made; {@code thread} is the caller's. */
        STARTED,
        /** The answer was delivered; {@code thread} is the downstream thread that delivered it. */
        SUCCEEDED,
        /** The error was delivered; {@code thread} is the downstream thread that delivered it. */
        FAILED,
        /** The call was cancelled before its answer; {@code thread} is the one that cancelled it. */
        CANCELLED
    }

    public boolean is(Kind kind) {
        return this.kind == kind;
    }

    /**
     * The customer the call was for, read from its request: what placeOrder acquires and gives back (an order,
     * a payment, a receipt, a reservation, a booking) each names one.
     *
     * @throws IllegalArgumentException for a request that names no customer
     */
    public String customer() {
        return switch (request) {
            case Order order -> order.customer();
            case Payment payment -> payment.customer();
            case Receipt receipt -> receipt.customer();
            case Reservation reservation -> reservation.order().customer();
            case Booking booking -> booking.order().customer();
            default -> throw new IllegalArgumentException("names no customer: " + request);
        };
    }
}
