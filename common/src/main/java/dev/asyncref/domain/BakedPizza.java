package dev.asyncref.domain;

/** A pizza out of the oven; {@code oven} names the oven that baked it. */
public record BakedPizza(Pizza pizza, String oven) {

    @Override
    public String toString() {
        return pizza + " (" + oven + ")";
    }
}
