package dev.asyncref.domain;

/** An amount in euro cents: integral, so that totals never pick up floating-point dust. */
public record Money(long cents) {

    public static final Money ZERO = new Money(0);

    public static Money euros(long euros, long cents) {
        return new Money(euros * 100 + cents);
    }

    public Money plus(Money other) {
        return new Money(cents + other.cents);
    }

    public Money times(long factor) {
        return new Money(cents * factor);
    }

    @Override
    public String toString() {
        return String.format("EUR %d.%02d", cents / 100, cents % 100);
    }
}
