package dev.asyncref.demo;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a caller does and what the services do: an operation with its parameters, an order (valid or not), how
 * each service answers, and whether the caller cancels once a call hangs, or during a pause (a retry's backoff,
 * a hedge's delay). Printed whole when the styles disagree, so that the simplest failing scenario can be
 * replayed.
 *
 * @param services the behaviour of each service named in the call log ({@code menu}, {@code bike}, ...); a
 *     service not named answers
 */
record Scenario(OperationCall call, Order order, Map<String, ServiceBehaviour> services, boolean cancelsAtHang,
        boolean cancelsInPause) {

    private static final List<String> COURIERS = List.of("bike", "scooter", "van");

    /** Whether some service the caller may reach never answers. */
    boolean hangs() {
        return services.containsValue(ServiceBehaviour.HANGS);
    }

    /**
     * Whether the caller cancels: when it chose to once a call hangs, or when nothing else would end the
     * operation (no timer of its own); never while a race can still be won, where a cancel and the winner's
     * answer would meet by chance.
     */
    boolean callerCancels() {
        return hangs() && !raceCanBeWon() && (cancelsAtHang || !call.kind().timed());
    }

    /** Whether the caller cancels during a pause, once a failed call has left nothing in flight. */
    boolean callerCancelsInPause() {
        return cancelsInPause && pauses();
    }

    /** Whether the operation waits for a timer after a failed call: a retry's backoff, a hedge's delay (R10.4). */
    boolean pauses() {
        ServiceBehaviour menu = of("menu");
        return switch (call.kind()) {
            case QUOTE_WITH_RETRIES -> validRetries() && call.policy().attempts() > 1
                    && (menu == ServiceBehaviour.FAILS || menu == ServiceBehaviour.FLAKY);
            case QUOTE_HEDGED -> call.timer() != null && call.timer().isPositive()
                    && (menu == ServiceBehaviour.FAILS || menu == ServiceBehaviour.REJECTS);
            default -> false;
        };
    }

    private boolean validRetries() {
        try {
            OrderValidation.requireValidRetries(call.policy());
            return true;
        } catch (InvalidOrderException invalid) {
            return false;
        }
    }

    /** Whether a courier answers, so that a race ends with its offer whatever the others do. */
    boolean raceCanBeWon() {
        return (call.kind() == OperationCall.Kind.FIND_COURIER || call.kind() == OperationCall.Kind.FIND_COURIER_WITHIN)
                && COURIERS.stream().anyMatch(courier -> of(courier) == ServiceBehaviour.ANSWERS);
    }

    ServiceBehaviour of(String service) {
        return services.getOrDefault(service, ServiceBehaviour.ANSWERS);
    }

    @Override
    public String toString() {
        String scripted = services.entrySet().stream().filter(entry -> entry.getValue() != ServiceBehaviour.ANSWERS)
                .map(entry -> entry.getKey() + " " + entry.getValue()).sorted().collect(Collectors.joining(", "));
        return call + " of " + order + (scripted.isEmpty() ? "" : "; " + scripted)
                + (callerCancels() ? "; the caller cancels once a call hangs" : "")
                + (callerCancelsInPause() ? "; the caller cancels in the pause after a failed call" : "");
    }
}
