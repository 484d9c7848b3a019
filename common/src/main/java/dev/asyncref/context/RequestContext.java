package dev.asyncref.context;

import org.slf4j.MDC;

/**
 * Who an operation runs for and which operation it is, read from SLF4J's {@link MDC} of the current thread.
 *
 * <p>The MDC is the one context every JVM library already reads: log patterns print it ({@code %X}), and
 * HTTP clients copy it into headers. That makes it the honest test of propagation: whatever thread a style
 * hops to, a downstream call, a log line or an exception made there sees these two entries only if the
 * style carried them. The caller sets {@link #CORRELATION_ID} before calling an operation; the style adds
 * {@link #OPERATION} for the operation's own work and never changes the caller's MDC (rule R17).
 *
 * @param operation the operation's name ({@link OperationName#label()}), or {@code null} outside one
 * @param correlationId the caller's correlation id, or {@code null} if the caller set none
 */
public record RequestContext(String operation, String correlationId) {

    /** MDC key of the caller's correlation id. */
    public static final String CORRELATION_ID = "correlationId";

    /** MDC key of the running operation's name. */
    public static final String OPERATION = "operation";

    /** What the current thread's MDC says. */
    public static RequestContext current() {
        return new RequestContext(MDC.get(OPERATION), MDC.get(CORRELATION_ID));
    }

    /** The current thread's correlation id, or {@code null}. */
    public static String currentCorrelationId() {
        return MDC.get(CORRELATION_ID);
    }

    /**
     * Prefixes {@code message} with this context, as every failure an operation surfaces reads:
     * {@code checkout [request r-7]: step 'charge' failed: ...}.
     */
    public String prefix(String message) {
        String who = (operation == null ? "" : operation)
                + (correlationId == null ? "" : (operation == null ? "" : " ") + "[request " + correlationId + "]");
        return who.isEmpty() ? message : who + ": " + message;
    }
}
