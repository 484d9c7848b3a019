package dev.asyncref.benchmarks;

import dev.asyncref.benchmarks.scale.Contenders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starts measuring JVMs as this one was started: the same java, the same class path. Each instrument forks,
 * as JMH does, so that every contender starts from a cold JVM of its own; the flags every measuring JVM gets
 * are here, in one place, and the page quotes them.
 */
public final class Forks {

    /**
     * The scale runner's JVMs: a fixed, pre-touched heap, large enough for a million operations in flight in
     * every style (a million bakes on virtual threads hold about 8 GB): no run pays for growing the heap or
     * for the first touch of its pages, and resident memory then grows only with what lives outside the heap,
     * such as thread stacks. The collector is the JDK's default, G1, with a fixed young generation: left to
     * size it by its pause-time goal, G1 shrinks it as soon as a million in-flight objects survive a
     * collection, and then copies them again at every one of many collections (futures, a million quotes:
     * 3.4 s and 6.3 µs of CPU an operation by default, 2.2 s and 2.7 µs with 3 GB). A service built to hold a
     * million requests in flight is sized the same way.
     */
    private static final List<String> SCALE =
            List.of("--enable-preview", "-Xms14g", "-Xmx14g", "-Xmn4g", "-XX:+AlwaysPreTouch");

    /** The CPU-bound instrument's JVMs: its requests hold little; the heap is fixed all the same. */
    private static final List<String> CPU = List.of("--enable-preview", "-Xms2g", "-Xmx2g");

    /**
     * The microbenchmarks' JVMs: a batch holds a thousand operations, so a smaller heap will do, fixed all
     * the same; JMH 1.37 uses {@code sun.misc.Unsafe}, which JDK 25 allows without a warning only when asked.
     */
    private static final List<String> JMH =
            List.of("--enable-preview", "-Xms2g", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow");

    /** A quick run's JVMs start in a fraction of a second: a small heap, not touched first. */
    private static final List<String> QUICK = List.of("--enable-preview", "-Xmx1g");

    private Forks() {}

    /** The flags of the scale runner's measuring JVMs. */
    public static List<String> scaleFlags(boolean quick) {
        return quick ? QUICK : SCALE;
    }

    /** The flags of the microbenchmarks' JVMs, which JMH forks. */
    public static List<String> jmhFlags() {
        return JMH;
    }

    /** The flags of the CPU-bound instrument's measuring JVMs. */
    public static List<String> cpuFlags(boolean quick) {
        return quick ? QUICK : CPU;
    }

    /**
     * Runs {@code mainClass} once per contender, each time in a new JVM, with the arguments made for that
     * contender plus {@code results=<file>}, a file the fork appends its results to as it goes, one CSV line
     * each; every line, in contender order. A fork that fails (a contender that runs out of memory, say)
     * keeps the results it wrote, is named in {@code failures}, and the next contender runs.
     */
    public static List<String> perContender(Class<?> mainClass, List<Contenders> contenders,
            Function<Contenders, List<String>> arguments, List<String> jvmFlags, PrintStream progress,
            List<String> failures) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (Contenders contender : contenders) {
            Path results = Files.createTempFile(contender.name(), ".csv");
            try {
                List<String> forkArguments = new ArrayList<>(arguments.apply(contender));
                forkArguments.add("results=" + results);
                int exit = run(mainClass, jvmFlags, forkArguments, progress);
                if (exit != 0) {
                    String failure = mainClass.getSimpleName() + " of " + contender.label() + " failed (exit code "
                            + exit + "); the results it wrote before are kept";
                    progress.println("[benchmarks] " + failure);
                    failures.add(failure);
                }
                lines.addAll(Files.readAllLines(results));
            } finally {
                Files.deleteIfExists(results);
            }
        }
        return lines;
    }

    /**
     * In a fork: writes each result line to {@code results} as soon as it is measured, so that a fork that
     * dies later (out of memory, say) leaves what it measured before.
     */
    public static Consumer<String> appendingTo(Path results) {
        return line -> {
            try {
                Files.writeString(results, line + System.lineSeparator(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        };
    }

    /** Writes {@code lines} under {@code header} to {@code csv}, making its folder if need be. */
    public static void writeCsv(Path csv, String header, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>(List.of(header));
        all.addAll(lines);
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.write(csv, all);
    }

    /**
     * Runs {@code mainClass} with {@code arguments} in a new JVM and copies its output, line by line, to
     * {@code output}; its exit code. Copied, not inherited: a JVM that hands its own standard output to a child
     * lets the child write past whatever reads that output (a test runner's channel, say).
     */
    public static int run(Class<?> mainClass, List<String> jvmFlags, List<String> arguments, PrintStream output)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        Process fork = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = fork.inputReader()) {
            lines.lines().forEach(output::println);
        }
        return fork.waitFor();
    }
}
