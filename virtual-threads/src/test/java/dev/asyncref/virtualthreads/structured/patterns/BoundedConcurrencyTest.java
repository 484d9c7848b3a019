package dev.asyncref.virtualthreads.structured.patterns;

import dev.asyncref.virtualthreads.patterns.BoundedConcurrencyContract;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The structured style's batch: a fork per item, a semaphore for the calls. */
class BoundedConcurrencyTest extends BoundedConcurrencyContract {

    @Override
    protected <I, O> List<O> inOrder(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call) throws ExecutionException, InterruptedException {
        return BoundedConcurrency.inOrder(items, limit, call);
    }

    @Override
    protected <I, O> List<O> inOrderCollectingAll(List<I> items, int limit,
            Function<? super I, ? extends Callable<? extends O>> call,
            BiFunction<? super I, ? super Throwable, ? extends O> onFailure) throws InterruptedException {
        return BoundedConcurrency.inOrderCollectingAll(items, limit, call, onFailure);
    }
}
