package dev.asyncref.benchmarks.report;

import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.RunResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The scale results of one contender, operation and N, as the page quotes them: the median of each figure over
 * the timed runs (each figure's own median), the memory run's figures, or why the run was skipped.
 */
record ScaleSummary(Contenders contender, Operation operation, int n, List<RunResult> timed,
        Optional<RunResult> memory, Optional<String> skipped) {

    static ScaleSummary of(List<RunResult> all, Contenders contender, Operation operation, int n) {
        List<RunResult> mine = all.stream().filter(result -> result.contender().equals(contender.name())
                && result.operation().equals(operation.label()) && result.n() == n).toList();
        return new ScaleSummary(contender, operation, n,
                mine.stream().filter(result -> result.kind() == RunResult.Kind.TIMED).toList(),
                mine.stream().filter(result -> result.kind() == RunResult.Kind.MEMORY).findFirst(),
                mine.stream().filter(result -> result.kind() == RunResult.Kind.SKIPPED).map(RunResult::note)
                        .findFirst());
    }

    boolean measured() {
        return !timed.isEmpty();
    }

    /** The median of one figure over the timed runs. */
    double median(ToLongFunction<RunResult> figure) {
        return Median.of(timed.stream().mapToDouble(figure::applyAsLong).toArray());
    }

    /** The least and the most of one figure over the timed runs. */
    double[] range(ToLongFunction<RunResult> figure) {
        long[] values = timed.stream().mapToLong(figure).sorted().toArray();
        return values.length == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {values[0], values[values.length - 1]};
    }

    double wallSeconds() {
        return median(RunResult::wallNanos) / 1e9;
    }

    double wallOverCriticalPath() {
        return median(RunResult::wallNanos) / median(RunResult::criticalPathNanos);
    }

    double cpuMicrosPerOp() {
        return median(RunResult::cpuNanos) / 1e3 / n;
    }

    double threads() {
        return median(RunResult::threads);
    }

    double heapBytesPerOp() {
        return memory.map(result -> (double) result.heapBytes() / n).orElse(Double.NaN);
    }

    double residentBytesPerOp() {
        return memory.filter(result -> result.residentBytes() >= 0)
                .map(result -> (double) result.residentBytes() / n).orElse(Double.NaN);
    }

    /** Heap and resident memory together: a platform thread's cost is mostly its stack, outside the heap. */
    double memoryBytesPerOp() {
        double resident = residentBytesPerOp();
        return heapBytesPerOp() + (Double.isFinite(resident) ? Math.max(0, resident) : 0);
    }

    /** Every run of this cell ended each of its operations exactly once. */
    boolean accounted() {
        return timed.stream().allMatch(RunResult::accounted) && memory.map(RunResult::accounted).orElse(true);
    }

    long[] counts() {
        long[] counts = new long[4];
        for (RunResult result : concat()) {
            counts[0] += result.completed();
            counts[1] += result.failed();
            counts[2] += result.lost();
            counts[3] += result.endedTwice();
        }
        return counts;
    }

    private List<RunResult> concat() {
        return java.util.stream.Stream.concat(timed.stream(), memory.stream()).toList();
    }

    static List<Operation> scaleOperations(List<RunResult> all) {
        return Arrays.stream(Operation.values())
                .filter(operation -> all.stream().anyMatch(result -> result.operation().equals(operation.label())))
                .toList();
    }

    static List<Integer> ns(List<RunResult> all) {
        return all.stream().map(RunResult::n).distinct().sorted().toList();
    }

    static List<Contenders> contenders(List<RunResult> all) {
        return Contenders.named(all.stream().map(RunResult::contender).toList());
    }
}
