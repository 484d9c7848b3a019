package dev.asyncref.benchmarks;

import dev.asyncref.benchmarks.scale.Contenders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Starts measuring JVMs as this one was started: the same java, the same class path. Each instrument forks,
 * as JMH does, so that every contender starts from a cold JVM of its own; the flags every measuring JVM gets
 * are here, in one place, and the page quotes them.
 */
public final class Forks {

    /**
     * A fixed, pre-touched heap, large enough for a million operations in flight in every style: no run
     * pays for growing the heap or for the first touch of its pages, and resident memory then grows only
     * with what lives outside the heap, such as thread stacks. The collector is the JDK's default, G1, with a
     * fixed young generation of 3 GB: left to size it by its pause-time goal, G1 shrinks it as soon as a
     * million in-flight objects survive a collection, and then copies them again at every one of many
     * collections (futures, a million quotes: 3.4 s and 6.3 µs of CPU an operation by default, 2.2 s and
     * 2.7 µs with it). A service built to hold a million requests in flight is sized the same way.
     */
    private static final List<String> FULL =
            List.of("--enable-preview", "-Xms6g", "-Xmx6g", "-Xmn3g", "-XX:+AlwaysPreTouch");

    /** A quick run's JVMs start in a fraction of a second: a small heap, not touched first. */
    private static final List<String> QUICK = List.of("--enable-preview", "-Xmx1g");

    /**
     * The microbenchmarks' JVMs: a batch holds a thousand operations, so a smaller heap will do, fixed all
     * the same; JMH 1.37 uses {@code sun.misc.Unsafe}, which JDK 25 allows without a warning only when asked.
     */
    public static List<String> jmhFlags() {
        return List.of("--enable-preview", "-Xms2g", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow");
    }

    private Forks() {}

    /** The flags of every measuring JVM of the scale and CPU-bound instruments. */
    public static List<String> jvmFlags(boolean quick) {
        return quick ? QUICK : FULL;
    }

    /**
     * Runs {@code mainClass} once per contender, each time in a new JVM, with the arguments made for that
     * contender plus {@code results=<file>}, a file the fork writes its results to, one CSV line each; every
     * line, in contender order.
     */
    public static List<String> perContender(Class<?> mainClass, List<Contenders> contenders,
            Function<Contenders, List<String>> arguments, List<String> jvmFlags, PrintStream progress)
            throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (Contenders contender : contenders) {
            Path results = Files.createTempFile(contender.name(), ".csv");
            try {
                List<String> forkArguments = new ArrayList<>(arguments.apply(contender));
                forkArguments.add("results=" + results);
                int exit = run(mainClass, jvmFlags, forkArguments, progress);
                if (exit != 0) {
                    throw new IllegalStateException("measuring " + contender.label() + " failed: exit code " + exit);
                }
                lines.addAll(Files.readAllLines(results));
            } finally {
                Files.deleteIfExists(results);
            }
        }
        return lines;
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
