package dev.asyncref.futures;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work that needs a thread of its own (a blocking call, a computation) as a {@link CompletableFuture} whose
 * cancel reaches that thread: work still queued never starts, and running work is interrupted.
 *
 * <p>Hand-written because {@code CompletableFuture.cancel(true)} interrupts nothing (its
 * {@code mayInterruptIfRunning} "has no effect": the future does not know which thread works for it), and
 * {@code supplyAsync} hands out no other handle; a {@link FutureTask} can cancel both ways but is no
 * {@code CompletionStage}. Guava's {@code ListenableFutureTask} is both, for a dependency this module has
 * no other use for.
 */
final class InterruptibleTask {

    private InterruptibleTask() {}

    /** Runs {@code work} on {@code pool}; cancelling the future returned interrupts or unqueues it. */
    static <T> CompletableFuture<T> start(Callable<T> work, Executor pool) {
        CompletableFuture<T> result = new CompletableFuture<>();
        FutureTask<T> task = new FutureTask<>(work) {
            @Override
            protected void done() {
                switch (state()) {
                    case SUCCESS -> result.complete(resultNow());
                    case FAILED -> result.completeExceptionally(exceptionNow());
                    // Only the result's own cancel cancels the task: the result is cancelled already.
                    default -> { }
                }
            }
        };
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                task.cancel(true);
            }
        });
        try {
            pool.execute(task);
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(shutDown);
        }
        return result;
    }
}
