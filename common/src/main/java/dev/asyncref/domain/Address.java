package dev.asyncref.domain;

/**
 * Where a customer lives, as a cell of the city grid the route planner searches ({@code x} along, {@code y}
 * across, the pizzeria at 0,0).
 */
public record Address(String customer, int x, int y) {}
