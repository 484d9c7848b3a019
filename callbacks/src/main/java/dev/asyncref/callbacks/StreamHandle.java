package dev.asyncref.callbacks;

import dev.asyncref.downstream.Cancellable;

/**
 * The handle of one stream: its listener hears an item only once it was asked for here, and hears nothing
 * once the stream was cancelled here. Both methods may be called from any thread, the listener's own
 * included.
 */
public interface StreamHandle extends Cancellable {

    /**
     * Asks for {@code n} more items. Requests add up; demand beyond {@link Long#MAX_VALUE} stays there,
     * which means no limit. A request of {@code n <= 0} is a bug in the caller: it ends the stream with an
     * {@link IllegalArgumentException} (as Reactive Streams rule 3.9 has it). After the stream is over, a
     * request does nothing.
     */
    void request(long n);

    /**
     * Cancels the stream: its call in flight is cancelled, no further call starts, and the listener hears
     * nothing more.
     *
     * @return {@code false} if the stream was over already: ended, failed or cancelled (cancelling twice is
     *     harmless)
     */
    @Override
    boolean cancel();
}
