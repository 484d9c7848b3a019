package dev.asyncref.domain;

/** What {@code planDelivery} answers: the order, where it goes, and the way there. */
public record DeliveryPlan(Order order, Address address, Route route) {}
