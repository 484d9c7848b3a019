package dev.asyncref.benchmarks.jmh;

import dev.asyncref.benchmarks.scale.Contender;
import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.Pools;
import dev.asyncref.benchmarks.scale.Tally;
import dev.asyncref.downstream.Downstream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one operation costs a style when the services answer at once: a batch of {@value #BATCH} operations
 * started together and awaited, so that every thread is busy and the time per operation is the work, not a
 * thread's wake-up. Run with {@code -prof gc} (bytes allocated per operation) and {@link CpuTimeProfiler}
 * (CPU time per operation, every thread counted), against the services called directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(OperationBenchmark.BATCH)
public class OperationBenchmark {

    static final int BATCH = 1_000;

    @Param({"FLOOR", "CALLBACKS", "FUTURES", "RXJAVA", "REACTOR", "VIRTUAL_THREADS", "STRUCTURED"})
    public String contender;

    @Param({"quote", "checkout", "bake"})
    public String operation;

    private Downstream services;
    private Pools pools;
    private Contender running;
    private Operation measured;
    private Tally tally;

    @Setup(Level.Trial)
    public void start() {
        services = Downstream.start(Downstream.Settings.defaults().withLatency(Duration.ZERO).withLogCapacity(0));
        pools = new Pools();
        running = Contenders.valueOf(contender).on(services, pools);
        measured = Operation.of(operation);
        tally = new Tally(BATCH);
    }

    @Benchmark
    public long batch() throws InterruptedException {
        tally.reset();
        for (int id = 0; id < BATCH; id++) {
            tally.start(id, running, measured);
        }
        if (!tally.awaitAll(1, TimeUnit.MINUTES) || tally.failed() > 0) {
            throw new IllegalStateException(contender + " " + operation + ": " + tally.endedCount() + " of "
                    + BATCH + " ended, " + tally.failed() + " failed");
        }
        return tally.endedCount();
    }

    @TearDown(Level.Trial)
    public void stop() {
        running.close();
        services.close();
        pools.close();
    }
}
