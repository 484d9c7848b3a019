package dev.asyncref.domain;

/** The order was rejected before any downstream call was made; the message says why. */
public final class InvalidOrderException extends PizzeriaException {

    private static final long serialVersionUID = 1L;

    public InvalidOrderException(String message) {
        super(message, null);
    }
}
