package dev.asyncref.downstream;

/** The handle of one started downstream call. */
@FunctionalInterface
public interface Cancellable {

    /**
     * Cancels the call unless it has been answered already. A cancelled call is logged as
     * {@link CallEvent.Kind#CANCELLED}, leaves the in-flight count and never calls its callback.
     *
     * @return {@code true} if this invocation cancelled the call; {@code false} if it had already been
     *     answered or cancelled (cancelling twice is harmless)
     */
    boolean cancel();
}
