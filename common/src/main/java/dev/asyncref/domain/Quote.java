package dev.asyncref.domain;

/** The menu's price for a whole order. */
public record Quote(Order order, Money total) {}
