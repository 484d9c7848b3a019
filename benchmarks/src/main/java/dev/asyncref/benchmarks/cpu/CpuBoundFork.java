package dev.asyncref.benchmarks.cpu;

import dev.asyncref.benchmarks.Forks;
import dev.asyncref.benchmarks.Options;
import dev.asyncref.benchmarks.scale.Contender;
import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Machine;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.Pools;
import dev.asyncref.benchmarks.scale.Tally;
import dev.asyncref.downstream.Downstream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Measures one contender's {@code planDelivery} in a JVM of its own: a closed loop that keeps
 * {@code concurrency} requests in flight, starting the next as one ends, until {@code requests} have ended.
 * The lookup answers at once, so what each request costs is its planning: a core's work.
 */
public final class CpuBoundFork {

    private static final Duration CEILING = Duration.ofMinutes(5);

    private CpuBoundFork() {}

    /** {@code contender=<one> concurrency=1,2,4 requests=<n> repetitions=<n> warmup=<n> results=<file>}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Options options = Options.parse(args);
        Consumer<String> results = Forks.appendingTo(Path.of(options.required("results")));
        measure(Contenders.valueOf(options.required("contender")),
                Arrays.stream(options.required("concurrency").split(",")).map(Integer::valueOf).toList(),
                Integer.parseInt(options.required("requests")), Integer.parseInt(options.required("repetitions")),
                Integer.parseInt(options.required("warmup")), result -> results.accept(result.csv()), System.out);
    }

    public static void measure(Contenders contender, List<Integer> concurrencies, int requests, int repetitions,
            int warmup, Consumer<CpuResult> sink, PrintStream progress) throws InterruptedException {
        int jvmThreads = Machine.platformThreads();
        int cores = Runtime.getRuntime().availableProcessors();
        try (Pools pools = new Pools()) {
            for (int round = 0; round < warmup; round++) {
                run(contender, pools, cores, requests, jvmThreads);
            }
            for (int concurrency : concurrencies) {
                for (int repetition = 0; repetition < repetitions; repetition++) {
                    CpuResult result = run(contender, pools, concurrency, requests, jvmThreads);
                    progress.printf("[cpu]   %-18s %3d at once: %6.0f plannings/s, cpu %.2f ms each, threads +%d%s%n",
                            contender.label(), concurrency, result.throughput(), result.cpuNanos() / 1e6 / requests,
                            result.threads(), result.failed() > 0 ? ", " + result.failed() + " FAILED" : "");
                    sink.accept(result);
                }
            }
        }
    }

    private static CpuResult run(Contenders contender, Pools pools, int concurrency, int requests, int jvmThreads)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        Tally tally = new Tally(requests, slots::release);
        try (Downstream services = Downstream.start(Downstream.Settings.defaults().withLogCapacity(0));
                Contender running = contender.on(services, pools)) {
            Machine.resetPeakThreads();
            long cpu = Machine.processCpuNanos();
            long start = System.nanoTime();
            for (int id = 0; id < requests; id++) {
                slots.acquire();
                tally.start(id, running, Operation.PLAN_DELIVERY);
            }
            if (!tally.awaitAll(CEILING.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(contender.label() + ": plannings lost at " + concurrency + " at once");
            }
            long wall = System.nanoTime() - start;
            return new CpuResult(contender.name(), concurrency, requests, wall, Machine.processCpuNanos() - cpu,
                    Machine.peakPlatformThreads() - jvmThreads, tally.failed());
        }
    }
}
