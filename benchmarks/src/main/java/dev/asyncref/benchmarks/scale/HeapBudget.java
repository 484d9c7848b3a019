package dev.asyncref.benchmarks.scale;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether this JVM's heap can hold N operations in flight, judged from the heap per operation measured at a
 * smaller N: a run that would run out of memory is skipped, and says how much it would need, instead of
 * bringing the whole measurement down.
 */
final class HeapBudget {

    /** Room left for what a run allocates besides the operations in flight, and for the collector to work. */
    private static final double USABLE = 0.6;

    private double bytesPerOperation;
    private int measuredAt;

    void measured(RunResult memory) {
        if (memory.n() > 0 && memory.heapBytes() > 0) {
            bytesPerOperation = (double) memory.heapBytes() / memory.n();
            measuredAt = memory.n();
        }
    }

    /** Why {@code n} operations in flight would not fit, or empty if they would (or nothing is known yet). */
    Optional<String> cannotHold(int n) {
        double needed = bytesPerOperation * n;
        long max = Runtime.getRuntime().maxMemory();
        if (measuredAt == 0 || needed <= USABLE * max) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "would hold about %.1f GB of heap in flight (%,.0f B an operation at N = %,d); this JVM has %.0f GB",
                needed / (1L << 30), bytesPerOperation, measuredAt, max / (double) (1L << 30)));
    }
}
