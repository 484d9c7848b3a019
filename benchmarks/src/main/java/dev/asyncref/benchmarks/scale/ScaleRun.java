package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.SimulatedService;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One run: N operations of one contender started at once from one caller thread, on fresh services, each
 * ending once. A timed run measures time, CPU, latency and threads; a memory run holds every answer at the
 * services' gates, so that all N operations are in flight while the heap is measured, then lets them end.
 */
final class ScaleRun {

    private final Contenders contender;
    private final Pools pools;
    private final int jvmThreads;
    private final Duration ceiling;
    private String heldObjects = "";

    /**
     * @param jvmThreads live platform threads the JVM had before any contender was built: the run's thread
     *     count is what it added to them
     */
    ScaleRun(Contenders contender, Pools pools, int jvmThreads, Duration ceiling) {
        this.contender = contender;
        this.pools = pools;
        this.jvmThreads = jvmThreads;
        this.ceiling = ceiling;
    }

    RunResult timed(Operation operation, int n, Duration latency) throws InterruptedException {
        Tally tally = new Tally(n);
        Machine.heapAfterFullCollection(); // every run starts from a clean heap, not the last run's garbage
        try (Downstream services = Downstream.start(settings(latency));
                Contender running = contender.on(services, pools)) {
            Machine.resetPeakThreads();
            long collections = Machine.collections();
            long cpu = Machine.processCpuNanos();
            long start = System.nanoTime();
            startAll(running, operation, tally);
            long started = System.nanoTime();
            tally.awaitAll(ceiling.toNanos(), TimeUnit.NANOSECONDS);
            long wall = System.nanoTime() - start;
            long cpuUsed = Machine.processCpuNanos() - cpu;
            int threads = Machine.peakPlatformThreads() - jvmThreads;
            Histogram latencies = tally.latencies();
            Histogram waits = tally.callerWaits();
            return new RunResult(contender.name(), operation.label(), n, latency.toNanos(), RunResult.Kind.TIMED,
                    wall, started - start, operation.criticalPath(latency).toNanos(), cpuUsed,
                    Machine.collections() - collections,
                    latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(99),
                    latencies.getValueAtPercentile(99.9), waits.getValueAtPercentile(50),
                    waits.getValueAtPercentile(99), waits.getValueAtPercentile(99.9), threads, 0, 0,
                    tally.endedCount() - tally.failed(), tally.failed(), n - tally.endedCount(), tally.endedTwice(),
                    note(tally));
        }
    }

    /** @param histogram whether to take a class histogram of what the operations hold ({@link #heldObjects}) */
    RunResult memory(Operation operation, int n, boolean histogram) throws InterruptedException {
        Tally tally = new Tally(n);
        try (Downstream services = Downstream.start(settings(Duration.ZERO));
                Contender running = contender.on(services, pools)) {
            services.services().forEach(SimulatedService::hold);
            Map<String, Long> before = histogram ? Machine.classHistogram() : Map.of();
            long heap = Machine.heapAfterFullCollection();
            long resident = Machine.residentBytes();
            startAll(running, operation, tally);
            long held = contender.callsAtOnce(operation, n);
            long deadline = System.nanoTime() + ceiling.toNanos();
            while (services.inFlight() < held && tally.endedCount() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000); // the harness polls; no test's verdict rests on this
            }
            long heapUsed = Machine.heapAfterFullCollection() - heap;
            if (histogram) {
                heldObjects = heldObjects(before, Machine.classHistogram(), n);
            }
            long residentUsed = resident < 0 ? -1 : Machine.residentBytes() - resident;
            services.services().forEach(SimulatedService::open);
            tally.awaitAll(ceiling.toNanos(), TimeUnit.NANOSECONDS);
            return new RunResult(contender.name(), operation.label(), n, 0, RunResult.Kind.MEMORY,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, heapUsed, residentUsed,
                    tally.endedCount() - tally.failed(), tally.failed(), n - tally.endedCount(), tally.endedTwice(),
                    services.inFlight() > 0 ? "calls still in flight after every operation ended" : note(tally));
        }
    }

    /** What the last memory run's operations held, by class, while they were all in flight. */
    String heldObjects() {
        return heldObjects;
    }

    /** The classes whose live bytes grew most while the operations were in flight, per operation, as Markdown. */
    private static String heldObjects(Map<String, Long> before, Map<String, Long> after, int n) {
        StringBuilder table = new StringBuilder("| held in flight, by class | bytes an operation |\n|---|---|\n");
        after.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(entry -> table.append(String.format(Locale.ROOT, "| `%s` | %,.0f |%n", entry.getKey(),
                        entry.getValue() / (double) n)));
        return table.toString();
    }

    private static void startAll(Contender contender, Operation operation, Tally tally) {
        for (int id = 0; id < tally.n(); id++) {
            tally.start(id, contender, operation);
        }
    }

    /** The services as a benchmark needs them: no call log, the caller's latency, one thread per core. */
    private static Downstream.Settings settings(Duration latency) {
        return Downstream.Settings.defaults().withLatency(latency).withLogCapacity(0);
    }

    private static String note(Tally tally) {
        Throwable failure = tally.firstFailure();
        return failure == null ? "" : "first failure: " + failure;
    }
}
