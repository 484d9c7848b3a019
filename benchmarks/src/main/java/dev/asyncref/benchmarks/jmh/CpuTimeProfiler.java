package dev.asyncref.benchmarks.jmh;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, every thread of the benchmark's JVM counted: the caller's, the downstream threads'
 * and a style's own, the collector's and the compiler's too. Reported as {@code cpu.time.norm}, next to
 * {@code -prof gc}'s {@code gc.alloc.rate.norm}. Hand-written because JMH measures time only on the
 * benchmark's own threads, and here most of an operation's work runs on threads it hands the work to.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long before;

    @Override
    public String getDescription() {
        return "process CPU time per operation, all threads";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        before = OS.getProcessCpuTime();
    }

    @Override
    public List<? extends Result<?>> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        long used = OS.getProcessCpuTime() - before;
        long operations = result.getMetadata().getAllOps();
        return List.of(new ScalarResult("cpu.time.norm", (double) used / Math.max(1, operations), "ns/op",
                AggregationPolicy.AVG));
    }
}
