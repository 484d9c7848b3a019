package dev.asyncref.callbacks.patterns;

import java.util.function.Consumer;

/**
 * One asynchronous call in callback style, not made yet: {@link #start} makes it, with the callback that hears
 * its answer, and returns the handle that stops it. Each start is a call of its own. The JDK has no such type,
 * so this file is the vocabulary every helper of this package speaks: copying a pattern means copying this
 * file and the pattern's own.
 *
 * <p>What the helpers need of the calls they are given, and keep for the calls they return: exactly one of the
 * callback's methods is called, once, unless the call is cancelled first, and never after that; cancelling an
 * answered call does nothing; {@code start} does not throw. A client that may break any of these is brought in
 * through {@code Adapters.fromCallback} (a file of its own: copy it too).
 *
 * {@snippet :
 * Call<BigDecimal> price = prices.price(sku); // nothing is sent yet
 * Call.Cancellable pricing = price.start(Call.Callback.of(this::show, this::showFailure));
 * pricing.cancel(); // the caller gave up: the request is cancelled, and neither method is called
 * }
 */
@FunctionalInterface
public interface Call<T> {

    /**
     * Makes the call. Its answer may come before this returns, on this thread (a cached value, say), or later
     * on any thread; the callback must not block, as whoever delivers it may hold a lock meanwhile.
     */
    Cancellable start(Callback<T> callback);

    /** The two ends of a call: exactly one of them is called, once. */
    interface Callback<T> {

        void onSuccess(T value);

        void onFailure(Throwable failure);

        static <T> Callback<T> of(Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            return new Callback<>() {
                @Override
                public void onSuccess(T value) {
                    onSuccess.accept(value);
                }

                @Override
                public void onFailure(Throwable failure) {
                    onFailure.accept(failure);
                }
            };
        }
    }

    /** Stops a call in flight: its callback is never called. Does nothing once the call has answered. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
