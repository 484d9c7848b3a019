package dev.asyncref.virtualthreads.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The plain style's batch: an executor of virtual threads, a semaphore for the calls. */
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

    /** The trap: a fixed pool's invokeAll bounds the calls, but waits for every one of them after one failed. */
    @Test
    void invokeAllOnAFixedPoolWaitsForEveryCallAfterOneFailed() {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Caller<?> all = Caller.start(calls, () -> pool.invokeAll(List.of(calls.of("a"), calls.of("b"))));

            calls.call(1).fail(new IllegalStateException("burnt"));
            calls.call(1).awaitEnded();

            assertThat(all.isDone()).as("invokeAll, still waiting").isFalse();
            calls.call(2).answer("B");
            all.value();
        }
    }
}
