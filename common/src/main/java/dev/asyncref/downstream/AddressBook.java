package dev.asyncref.downstream;

import dev.asyncref.domain.Address;

/**
 * A legacy client with a blocking API only: {@link #lookup} holds the calling thread until the answer, as a
 * JDBC driver or an old SOAP client does. There is deliberately no callback face; each style must find a
 * thread it may block (rule R18). The call log's {@code STARTED} entry records that thread.
 */
public final class AddressBook extends SimulatedService<String, Address> {

    /** The city grid's size in cells, each way; addresses fall inside it. */
    static final int GRID = 300;

    AddressBook(Downstream.Settings settings, Network network, CallLog log) {
        super("addresses", settings, network, log, AddressBook::addressOf);
    }

    /** Blocks until the customer's address arrives; interrupting the wait cancels the call. */
    public Address lookup(String customer) throws InterruptedException {
        return callBlocking(customer);
    }

    // A street (x a multiple of 4) never lies on one of the planner's walls (x % 4 == 2).
    private static Address addressOf(String customer) {
        int hash = customer.hashCode() & Integer.MAX_VALUE;
        return new Address(customer, 4 * (1 + hash % (GRID / 4 - 1)), 1 + (hash / 7) % (GRID - 1));
    }
}
