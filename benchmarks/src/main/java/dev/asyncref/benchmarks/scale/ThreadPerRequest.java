package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import java.util.concurrent.ExecutorService;

/**
 * The way before asynchrony without a queue: each operation runs as blocking calls on a platform thread of
 * its own, and each call of a fan-out on another. As many threads as operations in flight, which the machine
 * bounds long before a million.
 */
final class ThreadPerRequest implements Contender {

    private final BlockingCalls calls;
    private final ExecutorService threadPerCall;

    ThreadPerRequest(Downstream services, Pools pools) {
        this.calls = new BlockingCalls(services);
        this.threadPerCall = pools.threadPerCall();
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        Thread.ofPlatform().start(() -> calls.run(operation, id, tally, threadPerCall));
    }
}
