package dev.asyncref.domain;

import java.time.Duration;
import java.util.List;

/** The steps of the workload's operations, named once so that every style reports a failure alike. */
public enum Step {
    QUOTE("quote"),
    CHARGE("charge"),
    BAKE("bake"),
    FIND_COURIER("find courier"),
    RESERVE("reserve"),
    BOOK("book"),
    TRACK("track"),
    HISTORY("history"),
    ADDRESS("look up address"),
    ROUTE("plan route");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    /** The exception an operation fails with when this step's downstream call failed with {@code cause}. */
    public StepFailedException failed(Throwable cause) {
        return new StepFailedException(this, cause);
    }

    /** The exception an operation fails with when this step did not finish within {@code limit}. */
    public TimedOutException timedOut(Duration limit) {
        return new TimedOutException(this, limit);
    }

    /**
     * The exception an operation fails with when every one of this step's alternative calls failed: each
     * failure is attached as a suppressed exception, in the order given.
     */
    public StepFailedException allFailed(List<? extends Throwable> failures) {
        return new StepFailedException(this, failures);
    }

    /**
     * The exception an operation fails with when this step was tried several times and its last attempt
     * failed: the last failure is the cause, and each earlier attempt's failure is suppressed, in the
     * order they happened.
     */
    public StepFailedException failedAfter(List<? extends Throwable> attempts) {
        return new StepFailedException(this, attempts.getLast(), attempts.subList(0, attempts.size() - 1));
    }

    @Override
    public String toString() {
        return label;
    }
}
