package dev.asyncref.benchmarks.scale;

import dev.asyncref.benchmarks.Forks;
import dev.asyncref.benchmarks.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Measures one contender in a JVM of its own, so that no contender runs on code another one warmed up or on
 * threads another one left: warms it up, then for each operation and N makes a memory run and the timed runs,
 * and writes each result as a line of CSV. Started by {@link ScaleRunner}, one JVM per contender.
 */
public final class ScaleFork {

    private ScaleFork() {}

    /** {@code results=<file> contenders=<one> ...} as {@link ScaleOptions#arguments} writes them. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Options arguments = Options.parse(args);
        ScaleOptions options = ScaleOptions.of(false, arguments.values());
        Consumer<String> results = Forks.appendingTo(Path.of(arguments.required("results")));
        Contenders contender = options.contenders().getFirst();
        String profile = measure(contender, options, result -> results.accept(result.csv()), System.out);
        if (arguments.values().containsKey("profiles")) {
            Path profiles = Path.of(arguments.required("profiles"));
            Files.createDirectories(profiles);
            Files.writeString(profiles.resolve("profile-" + contender.name() + ".md"), profile);
        }
    }

    /**
     * Warms {@code contender} up, then measures it as {@code options} say, a result per run to {@code sink};
     * last, a run of the first operation at the largest N under JDK Flight Recorder, whose profile it returns.
     */
    public static String measure(Contenders contender, ScaleOptions options, Consumer<RunResult> sink,
            PrintStream progress) throws InterruptedException, IOException {
        int jvmThreads = Machine.platformThreads();
        try (Pools pools = new Pools()) {
            ScaleRun runs = new ScaleRun(contender, pools, jvmThreads, options.ceiling());
            warmUp(contender, options, runs, progress);
            String heldObjects = "";
            for (Operation operation : options.operations()) {
                HeapBudget heap = new HeapBudget();
                for (int n : options.ns()) {
                    Optional<String> tooBig = heap.cannotHold(n);
                    // A memory run holds its calls at the gates, so it takes no time; it still needs the threads.
                    if (tooBig.isEmpty()
                            && contender.cannotRun(operation, n, Duration.ZERO, options.longestRun()).isEmpty()) {
                        boolean profiled = operation == options.operations().getFirst() && n == options.ns().getLast();
                        RunResult memory = runs.memory(operation, n, profiled);
                        heap.measured(memory);
                        sink.accept(report(memory, progress));
                        if (profiled) {
                            heldObjects = runs.heldObjects();
                        }
                    }
                    Optional<String> cannot = tooBig.or(
                            () -> contender.cannotRun(operation, n, options.latency(), options.longestRun()));
                    if (cannot.isPresent()) {
                        sink.accept(report(RunResult.skipped(contender, operation, n, options.latency().toNanos(),
                                cannot.get()), progress));
                        continue;
                    }
                    for (int repetition = 0; repetition < options.repetitions(); repetition++) {
                        sink.accept(report(runs.timed(operation, n, options.latency()), progress));
                    }
                }
            }
            return profile(contender, options, runs, heldObjects);
        }
    }

    private static String profile(Contenders contender, ScaleOptions options, ScaleRun runs, String heldObjects)
            throws IOException, InterruptedException {
        Operation operation = options.operations().getFirst();
        int n = options.ns().getLast();
        if (contender.cannotRun(operation, n, options.latency(), options.longestRun()).isPresent()) {
            return "";
        }
        return Profile.of(String.format("%s, %s, N = %,d", contender.label(), operation.label(), n),
                () -> runs.timed(operation, n, options.latency())) + "\n" + heldObjects;
    }

    private static void warmUp(Contenders contender, ScaleOptions options, ScaleRun runs, PrintStream progress)
            throws InterruptedException {
        Duration latency = Duration.ofMillis(1);
        for (int round = 1; round <= options.warmupRounds(); round++) {
            for (Operation operation : options.operations()) {
                int n = options.warmupN();
                while (contender.cannotRun(operation, n, latency, options.longestRun()).isPresent() && n > 100) {
                    n /= 10;
                }
                RunResult warmUp = runs.timed(operation, n, latency);
                if (!warmUp.accounted()) {
                    throw new IllegalStateException("the warm-up lost or doubled operations: " + warmUp.csv());
                }
            }
            progress.printf("[scale] %-18s warm-up round %d of %d done%n", contender.label(), round,
                    options.warmupRounds());
        }
    }

    private static RunResult report(RunResult result, PrintStream progress) {
        String what = String.format("[scale] %-18s %-8s N=%-9d %-7s", Contenders.valueOf(result.contender()).label(),
                result.operation(), result.n(), result.kind().name().toLowerCase());
        String figures = switch (result.kind()) {
            case TIMED -> String.format("wall %.2f s (%.2fx path, starting %.2f s), cpu %.1f us/op, p99 %.0f ms,"
                            + " caller p99 %.1f us, threads +%d",
                    result.wallNanos() / 1e9, (double) result.wallNanos() / result.criticalPathNanos(),
                    result.startingNanos() / 1e9, result.cpuNanos() / 1e3 / result.n(), result.latencyP99() / 1e6,
                    result.callerWaitP99() / 1e3, result.threads());
            case MEMORY -> String.format("heap %d B/op, resident %d B/op", result.heapBytes() / result.n(),
                    result.residentBytes() / result.n());
            case SKIPPED -> "skipped: " + result.note();
        };
        String accounting = result.accounted() ? ""
                : String.format("  NOT ACCOUNTED: %d completed, %d failed, %d lost, %d ended twice; %s",
                        result.completed(), result.failed(), result.lost(), result.endedTwice(), result.note());
        progress.println(what + " " + figures + accounting);
        return result;
    }
}
