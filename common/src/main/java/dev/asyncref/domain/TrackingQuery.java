package dev.asyncref.domain;

/** Asks the tracking service for the update that follows update {@code after} (0 for the first one). */
public record TrackingQuery(Order order, long after) {}
