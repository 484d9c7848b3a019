package dev.asyncref.demo;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.PizzeriaException;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

/**
 * One style's outcome of a scenario, normalised so that what every style must agree on is all that is left:
 * the value, or the exception's type, step, message (without the request id and without which of several
 * equal calls failed first), cause type and suppressed count; the calls each sequential service received;
 * what was acquired and given back; and what was left in flight.
 *
 * <p>Left out, because the rules leave them to chance: which of several equal couriers or bakes answered
 * or failed first, and how many of them were called at all before a race was decided (R9.5: a fork may be
 * stopped before it calls).
 */
record ObservedOutcome(String outcome, Map<String, Long> calls, Map<String, Long> acquired, Map<String, Long> givenBack,
        int leftInFlight) {

    private static final Pattern REQUEST = Pattern.compile(" \\[request [^]]*]");
    private static final Pattern CALL_NUMBER = Pattern.compile("call \\d+ ");
    private static final Pattern SERVED = Pattern.compile("failed while serving .*");

    static String outcome(Object valueOrFailure) {
        return switch (valueOrFailure) {
            case CancellationException cancelled -> "cancelled";
            case PizzeriaException failure -> failure(failure);
            case Throwable other -> "not a domain exception: " + other.getClass().getName() + ": " + other.getMessage();
            case Quote quote -> "quote " + quote.total();
            case Receipt receipt -> "receipt " + receipt.amount();
            case CourierOffer offer -> offer == CourierOffer.OWN_DRIVER ? "own driver" : "a courier's offer";
            case PlacedOrder placed -> "placed, charged " + placed.receipt().amount();
            case DeliveryPlan plan -> "plan to " + plan.address();
            case List<?> items -> items.stream().map(ObservedOutcome::item).toList().toString();
            case null -> "null";
            default -> "value " + valueOrFailure;
        };
    }

    private static String item(Object item) {
        return switch (item) {
            case BakedPizza baked -> "baked " + baked.pizza();
            case BakeOutcome.Baked baked -> "baked " + baked.baked().pizza();
            case BakeOutcome.Failed failed -> "failed " + failed.pizza() + ": " + failure(failed.failure());
            default -> String.valueOf(item);
        };
    }

    private static String failure(PizzeriaException failure) {
        String step = switch (failure) {
            case StepFailedException failed -> " at " + failed.step();
            case TimedOutException timedOut -> " at " + timedOut.step();
            default -> "";
        };
        return failure.getClass().getSimpleName() + step + ": " + normalised(failure.getMessage())
                + (failure.getCause() == null ? "" : "; caused by " + failure.getCause().getClass().getSimpleName())
                + "; " + failure.getSuppressed().length + " suppressed";
    }

    private static String normalised(String message) {
        String withoutRequest = REQUEST.matcher(message).replaceAll("");
        return SERVED.matcher(CALL_NUMBER.matcher(withoutRequest).replaceAll("call N ")).replaceAll("failed");
    }
}
