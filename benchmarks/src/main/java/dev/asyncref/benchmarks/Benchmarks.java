package dev.asyncref.benchmarks;

import dev.asyncref.benchmarks.cpu.CpuBoundRunner;
import dev.asyncref.benchmarks.cpu.CpuResult;
import dev.asyncref.benchmarks.jmh.JmhResult;
import dev.asyncref.benchmarks.jmh.JmhRunner;
import dev.asyncref.benchmarks.report.BenchmarksPage;
import dev.asyncref.benchmarks.report.RunInfo;
import dev.asyncref.benchmarks.scale.RunResult;
import dev.asyncref.benchmarks.scale.ScaleOptions;
import dev.asyncref.benchmarks.scale.ScaleRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The full benchmark run: the scale runner, the microbenchmarks and the CPU-bound instrument, then the page.
 * {@code quick} runs everything in seconds, to check that every instrument works and accounts for every
 * operation; its figures mean nothing. An instrument left out of {@code instruments=} is read back from the
 * raw results the last run left in {@code out}; with none ({@code instruments=none}) only the page is written
 * again, from the last run's results and its {@code run.properties}.
 */
public final class Benchmarks {

    private static final List<Integer> CONCURRENCIES = List.of(1, 2, 4, 8, 16, 32);

    private Benchmarks() {}

    /** Runs as {@link #run} does, and fails the process if a measuring JVM failed. */
    public static void main(String[] args) throws Exception {
        List<String> failures = run(args);
        if (!failures.isEmpty()) {
            System.err.println("[benchmarks] some measurements failed: " + String.join("; ", failures));
            System.exit(1);
        }
    }

    /**
     * Runs the instruments the options name and writes the page; what failed, if anything: a measuring JVM
     * that exited badly, or a contender whose warm-up lost or doubled an operation.
     */
    public static List<String> run(String... args) throws Exception {
        Options options = Options.parse(args);
        boolean quick = options.flag("quick");
        Path out = Path.of(options.get("out", "target/benchmarks-page"));
        Path raw = out.resolve("benchmarks");
        List<String> instruments = Arrays.asList(options.get("instruments", "scale,jmh,cpu").split(","));
        long start = System.nanoTime();
        Files.createDirectories(raw);
        // quiet: the progress and JMH's report go to files beside the results (the smoke test's build log stays short)
        boolean quiet = options.flag("quiet");
        PrintStream progress = quiet ? new PrintStream(Files.newOutputStream(raw.resolve("progress.log")), true)
                : System.out;

        ScaleOptions scale = ScaleOptions.of(quick, options.values());
        List<String> failures = new ArrayList<>();
        List<RunResult> scaleResults = instruments.contains("scale")
                ? ScaleRunner.run(scale, Forks.scaleFlags(quick), raw.resolve("scale.csv"), progress, failures)
                : readBack(raw.resolve("scale.csv"), RunResult::parseAll);
        List<JmhResult> microResults = instruments.contains("jmh")
                ? JmhRunner.run(quick, raw.resolve("jmh.csv"),
                        quiet ? Optional.of(raw.resolve("jmh.log")) : Optional.empty())
                : readBack(raw.resolve("jmh.csv"), JmhResult::parseAll);
        List<CpuResult> cpuResults = instruments.contains("cpu")
                ? CpuBoundRunner.run(scale.contenders(), quick ? List.of(1, 2, 4) : CONCURRENCIES, quick ? 20 : 2_000,
                        quick ? 1 : 3, quick ? 1 : 3, Forks.cpuFlags(quick), raw.resolve("cpu.csv"),
                        progress, failures)
                : readBack(raw.resolve("cpu.csv"), CpuResult::parseAll);

        RunInfo info;
        if (instruments.stream().anyMatch(List.of("scale", "jmh", "cpu")::contains)) {
            String given = options.values().entrySet().stream().filter(option -> !option.getKey().equals("out"))
                    .map(option -> option.getValue().equals("true") ? option.getKey()
                            : option.getKey() + "=" + option.getValue())
                    .sorted().collect(Collectors.joining(" "));
            info = RunInfo.of(Duration.ofNanos(System.nanoTime() - start), Forks.scaleFlags(quick), failures,
                    BenchmarksPage.COMMAND + (given.isEmpty() ? "" : " -Dbenchmarks.options=\"" + given + "\""));
            info.save(raw.resolve("run.properties"));
        } else {
            info = RunInfo.load(raw.resolve("run.properties")); // the page alone, from the last run's results
        }
        BenchmarksPage.write(out, info, scale, scaleResults, microResults, cpuResults);
        progress.println("[benchmarks] wrote " + out.resolve("benchmarks.md"));
        return failures;
    }

    private static <T> List<T> readBack(Path csv, Function<List<String>, List<T>> parse) throws java.io.IOException {
        return Files.exists(csv) ? parse.apply(Files.readAllLines(csv)) : List.of();
    }
}
