package dev.asyncref.futures.patterns;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A client whose calls the test answers by hand: each call is a future the test completes, and a cancelled call
 * is a cancelled future, so that what a helper started, cancelled or left running is read, not timed.
 */
final class Calls<T> implements Supplier<CompletableFuture<T>> {

    private final List<CompletableFuture<T>> made = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    /** Makes a call: a future nobody has answered yet. */
    @Override
    public CompletableFuture<T> get() {
        CompletableFuture<T> call = new CompletableFuture<>();
        made.add(call);
        threads.add(Thread.currentThread().getName());
        return call;
    }

    /** Call {@code number}, from 1. */
    CompletableFuture<T> call(int number) {
        return made.get(number - 1);
    }

    /** The name of the thread that made call {@code number}. */
    String thread(int number) {
        return threads.get(number - 1);
    }

    int count() {
        return made.size();
    }

    /** How many calls are neither answered nor cancelled. */
    long inFlight() {
        return made.stream().filter(call -> !call.isDone()).count();
    }

    long cancelled() {
        return made.stream().filter(CompletableFuture::isCancelled).count();
    }

    /**
     * The failure {@code future} completed with, as {@code whenComplete}, {@code handle} and {@code exceptionally}
     * see it: {@code exceptionNow} and {@code join} would take a {@code CompletionException} off first.
     */
    static Throwable failureOf(CompletableFuture<?> future) {
        return future.handle((value, failure) -> failure).join();
    }
}
