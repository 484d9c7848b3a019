package dev.asyncref.downstream;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The simulated network of one {@link Downstream}: it holds each call for its latency, then hands its answer
 * to a downstream thread ({@code downstream-N}), the services' event loop.
 *
 * <p>Latencies are timed on a hashed timer wheel, Netty's {@link HashedWheelTimer}, whose own thread is
 * {@code downstream-timer}: starting a call and ending its delay cost the same however many are pending,
 * where the JDK's delay queues ({@code ScheduledThreadPoolExecutor}, {@code ForkJoinPool.schedule}) keep a
 * heap, O(log n) a call, under a lock the answering threads contend for. With a million calls in flight that
 * heap was the simulation's bottleneck (measured in {@code docs/benchmarks.md}). The price is precision: the
 * wheel turns every millisecond, so a latency is served rounded up to the next tick. A zero latency skips the
 * wheel: the answer goes straight to a downstream thread.
 */
final class Network {

    private static final long TICK_MILLIS = 1;
    private static final int TICKS_PER_WHEEL = 1024;

    private final ExecutorService threads;
    private final HashedWheelTimer wheel;

    Network(int threads) {
        this.threads = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("downstream-", 1).daemon().factory());
        this.wheel = new HashedWheelTimer(Thread.ofPlatform().name("downstream-timer").daemon().factory(),
                TICK_MILLIS, TimeUnit.MILLISECONDS, TICKS_PER_WHEEL, false, -1, this.threads);
    }

    /**
     * Hands {@code call} to a downstream thread once {@code latency} has passed; the handle cancels that
     * until then, or is {@code null} for a zero latency, which hands it over at once.
     *
     * @throws IllegalStateException once the network is closed
     */
    Timeout after(Duration latency, Call<?, ?> call) {
        if (latency.isZero()) {
            execute(call);
            return null;
        }
        return wheel.newTimeout(call, TimeUnit.NANOSECONDS.convert(latency), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} on a downstream thread.
     *
     * @throws IllegalStateException once the network is closed
     */
    void execute(Runnable task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException closed) {
            throw new IllegalStateException("the network is closed", closed);
        }
    }

    /** Stops timing: the calls whose latency had not yet passed, which no thread will be handed. */
    List<Call<?, ?>> stopTiming() {
        return wheel.stop().stream().<Call<?, ?>>map(timeout -> (Call<?, ?>) timeout.task()).toList();
    }

    /** Stops the downstream threads once every task handed to them has run; {@code false} if one is stuck. */
    boolean close() throws InterruptedException {
        threads.shutdown();
        return threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Stops the downstream threads at once, interrupting a stuck one. */
    void closeNow() {
        threads.shutdownNow();
    }
}
