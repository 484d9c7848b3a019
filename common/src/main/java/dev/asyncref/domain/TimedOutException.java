package dev.asyncref.domain;

import dev.asyncref.context.RequestContext;
import java.time.Duration;

/**
 * A step did not finish within the time it had: a per-call timeout, or what was left of an operation's
 * deadline. {@link #step()} names the step that was in progress; its call has been cancelled. The message
 * starts with the operation and correlation id of the thread that raised it (a timer's, as often as not:
 * {@link RequestContext}).
 */
public final class TimedOutException extends PizzeriaException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    private final Duration limit;

    TimedOutException(Step step, Duration limit) {
        super(RequestContext.current(), "step '" + step + "' timed out after " + limit.toMillis() + " ms", null);
        this.step = step;
        this.limit = limit;
    }

    public Step step() {
        return step;
    }

    /** The time limit in force: the call's timeout, or the operation's whole deadline. */
    public Duration limit() {
        return limit;
    }
}
