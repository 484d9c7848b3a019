package dev.asyncref.domain;

/** The steps of the workload's operations, named once so that every style reports a failure alike. */
public enum Step {
    QUOTE("quote"),
    CHARGE("charge"),
    BAKE("bake");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    /** The exception an operation fails with when this step's downstream call failed with {@code cause}. */
    public StepFailedException failed(Throwable cause) {
        return new StepFailedException(this, cause);
    }

    @Override
    public String toString() {
        return label;
    }
}
