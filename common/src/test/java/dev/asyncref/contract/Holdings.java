package dev.asyncref.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.SimulatedService;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What an order acquired (a reservation, a charge, a booking) and how often each was given back, read from
 * the call log, the one record no implementation can bend: a call the service answered acquired its
 * thing, whatever the caller did next, and a cancelled call acquired nothing.
 */
enum Holdings {
    RESERVATION(Downstream::stock, downstream -> downstream.stock().releases()),
    CHARGE(Downstream::payments, downstream -> downstream.payments().refunds()),
    BOOKING(Downstream::dispatch, downstream -> downstream.dispatch().cancellations());

    private final Function<Downstream, SimulatedService<?, ?>> acquiredBy;
    private final Function<Downstream, SimulatedService<?, ?>> givenBackBy;

    Holdings(Function<Downstream, SimulatedService<?, ?>> acquiredBy,
            Function<Downstream, SimulatedService<?, ?>> givenBackBy) {
        this.acquiredBy = acquiredBy;
        this.givenBackBy = givenBackBy;
    }

    /** Asserts that each thing the customer's order acquired was given back exactly once, and nothing else. */
    static void assertAllGivenBackOnce(Downstream downstream, String customer) {
        for (Holdings holding : values()) {
            long acquired = holding.count(holding.acquiredBy, downstream, customer, Kind.SUCCEEDED);
            assertThat(holding.count(holding.givenBackBy, downstream, customer, Kind.STARTED))
                    .as("R12: %s's %s, acquired %d times, given back once for each", customer, holding, acquired)
                    .isEqualTo(acquired);
            assertThat(holding.count(holding.givenBackBy, downstream, customer, Kind.SUCCEEDED))
                    .as("R12: %s's %s given back to the end, never cancelled", customer, holding).isEqualTo(acquired);
        }
    }

    /** Asserts that the customer's order gave nothing back. */
    static void assertNothingGivenBack(Downstream downstream, String customer) {
        for (Holdings holding : values()) {
            assertThat(holding.count(holding.givenBackBy, downstream, customer, Kind.STARTED))
                    .as("R12: %s's %s kept", customer, holding).isZero();
        }
    }

    /** The services that give back what {@code placeOrder} acquires. */
    static List<SimulatedService<?, ?>> giveBackServices(Downstream downstream) {
        return Arrays.stream(values()).<SimulatedService<?, ?>>map(holding -> holding.givenBackBy.apply(downstream))
                .toList();
    }

    /** The give-back calls' entries of {@code log}, across the three undo services, in the order it was recorded. */
    static List<CallEvent> givingBack(Downstream downstream, List<CallEvent> log) {
        return log.stream().filter(event -> downstream.undoServices().containsValue(event.service())).toList();
    }

    private long count(Function<Downstream, SimulatedService<?, ?>> service, Downstream downstream, String customer,
            Kind kind) {
        return service.apply(downstream).log().stream()
                .filter(event -> event.is(kind) && customer.equals(event.customer()))
                .count();
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
