package dev.asyncref.callbacks;

/**
 * Receives the signals of one stream, one at a time, never two at once: items, no more than were requested
 * through the stream's {@link StreamHandle}, then at most one of {@link #onEnd} and {@link #onFailure};
 * nothing once the stream was cancelled.
 */
public interface StreamListener<T> {

    void onItem(T item);

    /** The stream ended after its last item. */
    void onEnd();

    /** The stream ended early: no further item follows. */
    void onFailure(Throwable error);
}
