package dev.asyncref.reactive.reactor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Lets a fan-out's first failure through alone, for an operation that fails on its first failure (R4.3,
 * R4.4); one per subscription.
 *
 * <p>No operator does this. Failures that reach {@code flatMap} or {@code flatMapSequential} at the same
 * moment, as in an outage, are combined into one composite exception ({@code Exceptions.multiple}), and one
 * that arrives just after the first has ended the sequence is dropped to {@code Hooks.onErrorDropped}, which
 * logs it at ERROR. Here only the first failure becomes an error; a later one becomes a bake that never
 * answers, which the first failure's cancel ends, as it ends the bakes still in flight.
 */
final class FirstFailure {

    private final AtomicBoolean taken = new AtomicBoolean();

    /** {@code fail} for the first failure; for every later one, a Mono that waits to be cancelled. */
    <T> Function<Throwable, Mono<T>> firstOnly(Function<Throwable, Mono<T>> fail) {
        return error -> taken.compareAndSet(false, true) ? fail.apply(error) : Mono.never();
    }
}
