package dev.asyncref.benchmarks.scale;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The bookkeeping of one run of N operations: when each started, how long its caller waited for the call
 * that started it, how long it took to end, and how it ended. Allocated before the run, so that what the run
 * allocates is the contender's: each operation writes only its own slots.
 *
 * <p>An operation ends exactly once. One that ends twice is counted, never hidden; one that never ends is
 * lost. A correct contender has {@code completed + failed == n} and nothing lost or doubled.
 */
public final class Tally {

    private final int n;
    private final long[] startedAt;
    private final long[] callerWait;
    private final long[] latency;
    private final AtomicIntegerArray endings;
    private final LongAdder failed = new LongAdder();
    private final LongAdder endedTwice = new LongAdder();
    private volatile CountDownLatch ended;
    private volatile Throwable firstFailure;
    private final Runnable afterEnded;

    public Tally(int n) {
        this(n, () -> {});
    }

    /** @param afterEnded runs after each operation ends, on the thread that ended it: a closed loop starts the next */
    public Tally(int n, Runnable afterEnded) {
        this.afterEnded = afterEnded;
        this.n = n;
        this.startedAt = new long[n];
        this.callerWait = new long[n];
        this.latency = new long[n];
        this.endings = new AtomicIntegerArray(n);
        this.ended = new CountDownLatch(n);
    }

    public int n() {
        return n;
    }

    /**
     * Makes this tally ready for another run of its N operations, all of the last run having ended: a
     * microbenchmark that starts a batch per invocation then allocates nothing of its own per batch.
     */
    public void reset() {
        Arrays.fill(startedAt, 0);
        Arrays.fill(callerWait, 0);
        Arrays.fill(latency, 0);
        for (int id = 0; id < n; id++) {
            endings.set(id, 0);
        }
        failed.reset();
        endedTwice.reset();
        firstFailure = null;
        ended = new CountDownLatch(n);
    }

    /**
     * Starts operation {@code id} through {@code contender}, timing how long the call keeps its caller. A call
     * that throws has ended its operation, badly: it is counted as a failure, not lost.
     */
    public void start(int id, Contender contender, Operation operation) {
        long now = System.nanoTime();
        startedAt[id] = now;
        try {
            contender.start(operation, id, this);
        } catch (RuntimeException | Error thrown) {
            ended(id, thrown);
        }
        callerWait[id] = System.nanoTime() - now;
    }

    /** Operation {@code id} has ended: with {@code failure}, or successfully if it is {@code null}. */
    public void ended(int id, Throwable failure) {
        long now = System.nanoTime();
        if (endings.incrementAndGet(id) > 1) {
            endedTwice.increment();
            return;
        }
        latency[id] = now - startedAt[id];
        if (failure != null) {
            if (firstFailure == null) {
                firstFailure = failure;
            }
            failed.increment();
        }
        ended.countDown();
        afterEnded.run();
    }

    /** Waits until every operation has ended, or {@code ceiling} has passed; {@code true} if all ended. */
    public boolean awaitAll(long ceiling, TimeUnit unit) throws InterruptedException {
        return ended.await(ceiling, unit);
    }

    /** Operations ended so far, each counted once. */
    public long endedCount() {
        return n - ended.getCount();
    }

    public long failed() {
        return failed.sum();
    }

    long endedTwice() {
        return endedTwice.sum();
    }

    Throwable firstFailure() {
        return firstFailure;
    }

    /** The latencies of the operations that ended, in nanoseconds. */
    Histogram latencies() {
        return histogram(latency, true);
    }

    /** How long each caller waited for the call that started its operation, in nanoseconds. */
    Histogram callerWaits() {
        return histogram(callerWait, false);
    }

    private Histogram histogram(long[] nanos, boolean endedOnly) {
        Histogram histogram = new Histogram(3);
        for (int id = 0; id < n; id++) {
            if (!endedOnly || endings.get(id) > 0) {
                histogram.recordValue(Math.max(0, nanos[id]));
            }
        }
        return histogram;
    }
}
