package dev.asyncref.domain;

/** The shortest way from the pizzeria to {@code to}, in blocks walked on the city grid. */
public record Route(Address to, int blocks) {}
