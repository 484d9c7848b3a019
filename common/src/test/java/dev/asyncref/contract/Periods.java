package dev.asyncref.contract;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Every wall-clock period the contract suite uses, in one place. None of them decides a verdict on a correct
 * implementation: {@link #CEILING} only turns a hang into a failure, and the others belong to the
 * {@link Stochastic} tests, which may pass a wrong implementation under load, and fail a right one only on a
 * stall longer than {@link #GENEROUS}.
 *
 * <p>Each is a system property holding an ISO-8601 duration, so that a slow machine can lengthen them and a
 * mutation run can shorten the ceiling (a broken mutant then fails in a fraction of a second instead of ten):
 * {@code ./mvnw verify -Dcontract.ceiling=PT1S}. Surefire hands Maven's {@code -D} properties to the test JVM.
 */
public final class Periods {

    /** How long any wait for an outcome may take before the test fails as a hang ({@code contract.ceiling}). */
    public static final Duration CEILING = read("contract.ceiling", Duration.ofSeconds(10));

    /**
     * How long a stochastic test watches for something that must not happen: a call without demand, a fetch
     * ahead, a signal after a cancel ({@code contract.quiet}). A wrong implementation that is slower than
     * this passes falsely.
     */
    public static final Duration QUIET = read("contract.quiet", Duration.ofMillis(100));

    /**
     * A timer meant to fire during the test: a timeout, a hedge delay, a deadline on a held step
     * ({@code contract.short}). Short, so that the tests are quick; the outcome is held at a gate meanwhile.
     */
    public static final Duration SHORT = read("contract.short", Duration.ofMillis(50));

    /**
     * A timer meant not to fire while unheld calls answer: a hedge delay longer than an answer, a deadline
     * that must outlast the steps before the held one ({@code contract.generous}). A machine that stalls
     * longer than this fails a correct implementation: lengthen it there.
     */
    public static final Duration GENEROUS = read("contract.generous", Duration.ofMillis(500));

    static {
        if (CEILING.compareTo(GENEROUS.multipliedBy(2)) < 0) {
            throw new IllegalStateException("contract.ceiling (" + CEILING + ") must be at least twice "
                    + "contract.generous (" + GENEROUS + "): some outcomes arrive only once a generous period has "
                    + "passed");
        }
    }

    private Periods() {}

    private static Duration read(String property, Duration otherwise) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            Duration period = Duration.parse(value.strip());
            if (!period.isPositive()) {
                throw new IllegalArgumentException(property + " must be positive, got " + value);
            }
            return period;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    property + " must be an ISO-8601 duration such as PT1S, got " + value, e);
        }
    }
}
