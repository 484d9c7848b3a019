package dev.asyncref.benchmarks.report;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Where and when the figures come from: the machine, the JDK, the commit, the date, and how long the run took.
 * A figure without them is not evidence.
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
