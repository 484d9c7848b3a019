package dev.asyncref.reactive.rxjava;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleSource;
import io.reactivex.rxjava3.functions.Function;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a fan-out's first failure through alone, for an operation that fails on its first failure (R4.3,
 * R4.4); one per subscription.
 *
 * <p>No operator does this. Failures that reach {@code flatMapSingle} or {@code concatMapEager} at the same
 * moment, as in an outage, are combined into one {@code CompositeException}, and one that arrives just after
 * the first has ended the sequence goes to {@code RxJavaPlugins.onError} as undeliverable, which by default
 * hands it to the thread's uncaught-exception handler. Here only the first failure becomes an error; a later
 * one becomes a bake that never answers, which the first failure's dispose ends, as it ends the bakes still in
 * flight.
 */
final class FirstFailure {

    private final AtomicBoolean taken = new AtomicBoolean();

    /** {@code fail} for the first failure; for every later one, a Single that waits to be disposed. */
    <T> Function<Throwable, SingleSource<T>> firstOnly(Function<Throwable, SingleSource<T>> fail) {
        return error -> taken.compareAndSet(false, true) ? fail.apply(error) : Single.never();
    }
}
