package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Callback;

/** The listener that ends operation {@code id} in the tally: one small object an operation, as a caller's is. */
record Ending(Tally tally, int id) implements Callback<Object> {

    @Override
    public void onSuccess(Object value) {
        tally.ended(id, null);
    }

    @Override
    public void onFailure(Throwable error) {
        tally.ended(id, error);
    }
}
