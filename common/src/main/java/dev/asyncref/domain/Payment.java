package dev.asyncref.domain;

/** A request to charge a customer. */
public record Payment(String customer, Money amount) {

    @Override
    public String toString() {
        return amount + " from " + customer;
    }
}
