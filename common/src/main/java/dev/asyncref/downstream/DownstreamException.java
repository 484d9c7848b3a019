package dev.asyncref.downstream;

/**
 * A downstream service answered with an error: what a remote call's failure looks like here. Like an
 * HTTP status, it says whether asking again may help: {@linkplain #isRetryable() retryable} for a
 * transient failure (a 503, a dropped connection), not for a request the service will never serve (a 400).
 */
public class DownstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final boolean retryable;

    /** A transient failure: asking again may succeed. */
    public DownstreamException(String service, String message) {
        this(service, message, true);
    }

    public DownstreamException(String service, String message, boolean retryable) {
        super(service + ": " + message);
        this.service = service;
        this.retryable = retryable;
    }

    /** A failure that asking again cannot cure: the service rejects the request itself. */
    public static DownstreamException permanent(String service, String message) {
        return new DownstreamException(service, message, false);
    }

    /** Whether asking again may cure {@code failure}: only a retryable downstream failure qualifies. */
    public static boolean worthRetrying(Throwable failure) {
        return failure instanceof DownstreamException downstream && downstream.isRetryable();
    }

    public String service() {
        return service;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
