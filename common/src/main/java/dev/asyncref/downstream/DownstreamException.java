package dev.asyncref.downstream;

/** A downstream service answered with an error: what a remote call's failure looks like here. */
public class DownstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;

    public DownstreamException(String service, String message) {
        super(service + ": " + message);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
