package dev.asyncref.domain;

import java.util.List;

/**
 * One page of a customer's order history.
 *
 * @param orders at most {@link #SIZE} past orders, oldest first
 * @param last whether no page follows
 */
public record Page(String customer, long number, List<PastOrder> orders, boolean last) {

    /** Past orders on a full page. */
    public static final int SIZE = 5;
}
