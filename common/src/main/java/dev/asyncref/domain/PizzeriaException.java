package dev.asyncref.domain;

import dev.asyncref.context.RequestContext;

/**
 * Every failure the workload reports is one of these, in every style, never wrapped in
 * {@code CompletionException}, {@code ExecutionException} or a library's own wrapper: callers match on
 * these types, and a wrapper would hide them.
 */
public abstract sealed class PizzeriaException extends RuntimeException
        permits InvalidOrderException, StepFailedException, TimedOutException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String correlationId;

    /** A verdict on the input: the same message wherever it is raised, with no request context. */
    PizzeriaException(String message, Throwable cause) {
        super(message, cause);
        this.operation = null;
        this.correlationId = null;
    }

    /**
     * A failure during an operation, read in the context of the thread raising it: its message names the
     * operation and the caller's correlation id, so that a stack trace printed far from the call still says
     * which request failed and where (rule R20).
     */
    PizzeriaException(RequestContext context, String message, Throwable cause) {
        super(context.prefix(message), cause);
        this.operation = context.operation();
        this.correlationId = context.correlationId();
    }

    /** The operation that failed ({@link dev.asyncref.context.OperationName#label()}), or {@code null}. */
    public String operation() {
        return operation;
    }

    /** The correlation id of the request it failed for, or {@code null}. */
    public String correlationId() {
        return correlationId;
    }
}
