package dev.asyncref.domain;

/**
 * A downstream call failed and took its operation down. {@link #step()} names the step; the cause is the
 * downstream failure itself, as the service raised it.
 */
public final class StepFailedException extends PizzeriaException {

    private static final long serialVersionUID = 1L;

    private final Step step;

    StepFailedException(Step step, Throwable cause) {
        super("step '" + step + "' failed: " + cause.getMessage(), cause);
        this.step = step;
    }

    public Step step() {
        return step;
    }
}
