package dev.asyncref.domain;

/** An order that went through every step: its ingredients reserved, the customer charged, delivery booked. */
public record PlacedOrder(Reservation reservation, Receipt receipt, Booking booking) {}
