package dev.asyncref.domain;

/** Proof that a {@link Payment} went through. */
public record Receipt(String paymentId, String customer, Money amount) {

    @Override
    public String toString() {
        return "receipt " + paymentId + ": " + amount + " from " + customer;
    }
}
