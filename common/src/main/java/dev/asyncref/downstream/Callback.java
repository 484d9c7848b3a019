package dev.asyncref.downstream;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives the answer of one downstream call: exactly one of the two methods is called, once, on a
 * downstream thread, and never after the call was cancelled.
 */
public interface Callback<T> {

    void onSuccess(T value);

    void onFailure(Throwable error);

    static <T> Callback<T> of(Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onFailure, "onFailure");
        return new Callback<>() {
            @Override
            public void onSuccess(T value) {
                onSuccess.accept(value);
            }

            @Override
            public void onFailure(Throwable error) {
                onFailure.accept(error);
            }
        };
    }
}
