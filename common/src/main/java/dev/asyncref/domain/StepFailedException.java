package dev.asyncref.domain;

import dev.asyncref.context.RequestContext;
import java.util.List;

/**
 * A downstream call failed and took its operation down. {@link #step()} names the step; the cause is the
 * downstream failure itself, as the service raised it. When a step tries alternatives (a race) and all of
 * them fail, there is no single cause: each failure is a suppressed exception instead. When a step is
 * retried, the last attempt's failure is the cause and the earlier attempts' failures are suppressed. The
 * message starts with the operation and correlation id of the thread that raised it ({@link RequestContext}).
 */
public final class StepFailedException extends PizzeriaException {

    private static final long serialVersionUID = 1L;

    private final Step step;

    StepFailedException(Step step, Throwable cause) {
        super(RequestContext.current(), "step '" + step + "' failed: " + cause.getMessage(), cause);
        this.step = step;
    }

    StepFailedException(Step step, List<? extends Throwable> failures) {
        super(RequestContext.current(), "step '" + step + "' failed: all " + failures.size() + " alternatives failed",
                null);
        this.step = step;
        failures.forEach(this::addSuppressed);
    }

    StepFailedException(Step step, Throwable last, List<? extends Throwable> earlier) {
        super(RequestContext.current(),
                "step '" + step + "' failed after " + attempts(earlier.size() + 1) + ": " + last.getMessage(), last);
        this.step = step;
        earlier.forEach(this::addSuppressed);
    }

    private static String attempts(int count) {
        return count == 1 ? "1 attempt" : count + " attempts";
    }

    public Step step() {
        return step;
    }
}
