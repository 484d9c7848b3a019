package dev.asyncref.domain;

/** The menu's price for a whole order. */
public record Quote(Order order, Money total) {

    @Override
    public String toString() {
        return total + " for " + order;
    }
}
