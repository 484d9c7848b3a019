package dev.asyncref.domain;

/**
 * Every failure the workload reports is one of these, in every style, never wrapped in
 * {@code CompletionException}, {@code ExecutionException} or a library's own wrapper: callers match on
 * these types, and a wrapper would hide them.
 */
public abstract sealed class PizzeriaException extends RuntimeException
        permits InvalidOrderException, StepFailedException, TimedOutException {

    private static final long serialVersionUID = 1L;

    PizzeriaException(String message, Throwable cause) {
        super(message, cause);
    }
}
