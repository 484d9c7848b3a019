package dev.asyncref.domain;

import java.time.Duration;
import java.util.List;

/**
 * The one judge of an order, called by every style before its first downstream call, so that bad input
 * gets the same message everywhere and costs no remote call.
 */
public final class OrderValidation {

    public static final int MAX_PIZZAS = 10;
    public static final int MAX_EXTRA_TOPPINGS = 5;
    public static final int MAX_OVENS = 10;
    public static final int MAX_ATTEMPTS = 10;
    public static final Duration MAX_FIRST_BACKOFF = Duration.ofMinutes(1);

    private OrderValidation() {}

    /**
     * Returns {@code order} when it is acceptable.
     *
     * @throws InvalidOrderException naming the first problem found
     */
    public static Order requireValid(Order order) {
        if (order == null) {
            throw new InvalidOrderException("order must not be null");
        }
        if (order.customer() == null || order.customer().isBlank()) {
            throw new InvalidOrderException("order needs a customer");
        }
        List<Pizza> pizzas = order.pizzas();
        if (pizzas == null || pizzas.isEmpty()) {
            throw new InvalidOrderException("order needs at least one pizza");
        }
        if (pizzas.size() > MAX_PIZZAS) {
            throw new InvalidOrderException(
                    "order has " + pizzas.size() + " pizzas; at most " + MAX_PIZZAS + " are allowed");
        }
        for (int i = 0; i < pizzas.size(); i++) {
            requireValid(pizzas.get(i), i + 1);
        }
        return order;
    }

    /**
     * Returns {@code ovens}, the most pizzas a batch may have in the oven at once, when it is acceptable.
     *
     * @throws InvalidOrderException when it is out of range
     */
    public static int requireValidOvens(int ovens) {
        if (ovens < 1 || ovens > MAX_OVENS) {
            throw new InvalidOrderException("ovens must be between 1 and " + MAX_OVENS + ", got " + ovens);
        }
        return ovens;
    }

    /**
     * Returns {@code timeout}, a per-call timeout or an operation's deadline, when it is positive.
     *
     * @throws InvalidOrderException when it is null, zero or negative
     */
    public static Duration requireValidTimeout(Duration timeout) {
        if (timeout == null || !timeout.isPositive()) {
            throw new InvalidOrderException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    /**
     * Returns {@code hedgeAfter}, how long a request may go unanswered before a second one is sent, when it
     * is positive.
     *
     * @throws InvalidOrderException when it is null, zero or negative
     */
    public static Duration requireValidHedgeDelay(Duration hedgeAfter) {
        if (hedgeAfter == null || !hedgeAfter.isPositive()) {
            throw new InvalidOrderException("hedge delay must be positive, got " + hedgeAfter);
        }
        return hedgeAfter;
    }

    /**
     * Returns {@code retries} when it is acceptable: 1 to {@value #MAX_ATTEMPTS} attempts, a first backoff
     * above zero and up to a minute (so that its doubling cannot overflow), a jitter from 0 to below 1.
     *
     * @throws InvalidOrderException naming the first problem found
     */
    public static RetryPolicy requireValidRetries(RetryPolicy retries) {
        if (retries == null) {
            throw new InvalidOrderException("retry policy must not be null");
        }
        if (retries.attempts() < 1 || retries.attempts() > MAX_ATTEMPTS) {
            throw new InvalidOrderException(
                    "attempts must be between 1 and " + MAX_ATTEMPTS + ", got " + retries.attempts());
        }
        Duration first = retries.firstBackoff();
        if (first == null || !first.isPositive() || first.compareTo(MAX_FIRST_BACKOFF) > 0) {
            throw new InvalidOrderException("first backoff must be positive and at most 1 minute, got " + first);
        }
        if (!(retries.jitter() >= 0 && retries.jitter() < 1)) {
            throw new InvalidOrderException("jitter must be at least 0 and below 1, got " + retries.jitter());
        }
        return retries;
    }

    /**
     * Returns {@code customer}, whose order history is asked for, when it names someone.
     *
     * @throws InvalidOrderException when it is null or blank
     */
    public static String requireValidCustomer(String customer) {
        if (customer == null || customer.isBlank()) {
            throw new InvalidOrderException("history needs a customer");
        }
        return customer;
    }

    private static void requireValid(Pizza pizza, int position) {
        if (pizza == null || pizza.name() == null) {
            throw new InvalidOrderException("pizza " + position + " must not be null");
        }
        if (!Menu.offers(pizza.name())) {
            throw new InvalidOrderException("pizza " + position + ": '" + pizza.name() + "' is not on the menu");
        }
        int toppings = pizza.extraToppings().size();
        if (toppings > MAX_EXTRA_TOPPINGS) {
            throw new InvalidOrderException("pizza " + position + " has " + toppings
                    + " extra toppings; at most " + MAX_EXTRA_TOPPINGS + " are allowed");
        }
    }
}
