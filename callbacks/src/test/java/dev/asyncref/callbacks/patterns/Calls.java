package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client whose calls the test answers by hand: each start is recorded, with its callback, its thread and
 * whether it was cancelled, so that what a helper started, cancelled or left running is read, not timed. It
 * keeps the promises of a {@link Call} as far as a test lets it: a cancel after the answer does nothing; the
 * test may still answer a cancelled call, as a client racing its cancel would.
 */
final class Calls<T> implements Call<T> {

    private final List<Made<T>> made = new CopyOnWriteArrayList<>();

    @Override
    public Cancellable start(Callback<T> callback) {
        Made<T> call = new Made<>(callback, Thread.currentThread().getName());
        made.add(call);
        return call::cancel;
    }

    /** Call {@code number}, from 1. */
    Made<T> call(int number) {
        return made.get(number - 1);
    }

    int count() {
        return made.size();
    }

    /** How many calls are neither answered nor cancelled. */
    long inFlight() {
        return made.stream().filter(Made::inFlight).count();
    }

    long cancelled() {
        return made.stream().filter(Made::cancelled).count();
    }

    /** One call made: the test answers it, and reads whether it was cancelled, how often, and by whom. */
    static final class Made<T> {

        private final Callback<T> callback;
        private final String thread;
        private volatile boolean answered;
        private volatile int cancels;

        Made(Callback<T> callback, String thread) {
            this.callback = callback;
            this.thread = thread;
        }

        void succeed(T value) {
            answered = true;
            callback.onSuccess(value);
        }

        void fail(Throwable failure) {
            answered = true;
            callback.onFailure(failure);
        }

        /** The name of the thread that made the call. */
        String thread() {
            return thread;
        }

        boolean cancelled() {
            return cancels > 0;
        }

        /** Cancels that reached the call while it was in flight: more than one is a helper's bug. */
        int cancels() {
            return cancels;
        }

        boolean inFlight() {
            return !answered && cancels == 0;
        }

        private synchronized void cancel() {
            if (!answered) {
                cancels++;
            }
        }
    }
}
