package dev.asyncref.benchmarks.report;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

/**
 * Where and when the figures come from: the machine, the JDK, the commit, the date, and how long the run took.
 * A figure without them is not evidence. Saved beside the raw results ({@code run.properties}), so that the page
 * can be written again from them, with the findings changed, say, and still say where they come from.
 */
public record RunInfo(String cpu, int cores, long memoryBytes, String os, String jdk, String commit, LocalDate date,
        Duration took, List<String> jvmFlags, List<String> failures, String command) {

    public static RunInfo of(Duration took, List<String> jvmFlags, List<String> failures, String command) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new RunInfo(cpuModel(), Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                String.join(" ", System.getProperty("os.name"), System.getProperty("os.version"),
                        System.getProperty("os.arch")),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                        + System.getProperty("java.runtime.version"),
                currentCommit(), LocalDate.now(), took, jvmFlags, List.copyOf(failures), command);
    }

    public void save(Path file) throws IOException {
        Properties saved = new Properties();
        saved.setProperty("cpu", cpu);
        saved.setProperty("cores", String.valueOf(cores));
        saved.setProperty("memoryBytes", String.valueOf(memoryBytes));
        saved.setProperty("os", os);
        saved.setProperty("jdk", jdk);
        saved.setProperty("commit", commit);
        saved.setProperty("date", date.toString());
        saved.setProperty("took", took.toString());
        saved.setProperty("jvmFlags", String.join(" ", jvmFlags));
        saved.setProperty("failures", String.join("\n", failures));
        saved.setProperty("command", command);
        try (Writer out = Files.newBufferedWriter(file)) {
            saved.store(out, "Where the raw results beside this file were measured");
        }
    }

    public static RunInfo load(Path file) throws IOException {
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            saved.load(in);
        }
        String failures = saved.getProperty("failures", "");
        return new RunInfo(saved.getProperty("cpu"), Integer.parseInt(saved.getProperty("cores")),
                Long.parseLong(saved.getProperty("memoryBytes")), saved.getProperty("os"), saved.getProperty("jdk"),
                saved.getProperty("commit"), LocalDate.parse(saved.getProperty("date")),
                Duration.parse(saved.getProperty("took")), List.of(saved.getProperty("jvmFlags").split(" ")),
                failures.isEmpty() ? List.of() : List.of(failures.split("\n")), saved.getProperty("command"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException notLinux) {
            return "unknown CPU";
        }
    }

    /** The commit measured, with "+ changes" when the work tree differed from it outside the generated files. */
    private static String currentCommit() {
        try {
            String head = git("rev-parse", "--short", "HEAD").trim();
            boolean changed = git("status", "--porcelain", "--", ":/",
                    ":(top,exclude)docs/benchmarks.md", ":(top,exclude)docs/benchmarks")
                    .lines().anyMatch(line -> !line.isBlank());
            return head.isEmpty() ? "unknown" : head + (changed ? " + uncommitted changes" : "");
        } catch (IOException | InterruptedException | RuntimeException noGit) {
            return "unknown";
        }
    }

    private static String git(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        return git.waitFor() == 0 ? output : "";
    }
}
