package dev.asyncref.domain;

/** Asks the order history for page {@code page} (from 1) of a customer's past orders. */
public record PageQuery(String customer, long page) {}
