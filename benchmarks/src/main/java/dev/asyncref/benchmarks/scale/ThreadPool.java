package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import java.util.concurrent.ExecutorService;

/**
 * The way before asynchrony: each operation runs as blocking calls on one thread of a fixed pool of
 * {@value Pools#BLOCKING_POOL_SIZE} platform threads; beyond that many, operations queue for a thread.
 */
final class ThreadPool implements Contender {

    private final BlockingCalls calls;
    private final ExecutorService requests;
    private final ExecutorService fanOut;

    ThreadPool(Downstream services, Pools pools) {
        this.calls = new BlockingCalls(services);
        this.requests = pools.requests();
        this.fanOut = pools.fanOut();
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        requests.execute(() -> calls.run(operation, id, tally, fanOut));
    }
}
