package dev.asyncref.domain;

/** An order a customer placed before, as the order history lists it. */
public record PastOrder(String customer, long number, String pizza) {

    @Override
    public String toString() {
        return customer + "'s order " + number + " (" + pizza + ")";
    }
}
