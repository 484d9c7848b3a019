package dev.asyncref.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Where a mutation run's figures come from: the commit, the date, the machine and the JDK. */
record RunFacts(String commit, LocalDate date, String machine, String jdk) {

    static RunFacts now(Path root) {
        return new RunFacts(commit(root), LocalDate.now(),
                Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + ")",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    /** The commit measured, with "+ uncommitted changes" when the work tree differed from it (this page aside). */
    private static String commit(Path root) {
        try {
            String head = git(root, "rev-parse", "--short", "HEAD").strip();
            boolean changed = git(root, "status", "--porcelain", "--", ".", ":(exclude)docs/mutation.md").lines()
                    .anyMatch(line -> !line.isBlank());
            return head.isEmpty() ? "unknown" : head + (changed ? " + uncommitted changes" : "");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(Path root, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        return git.waitFor() == 0 ? output : "";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException notLinux) {
            return "unknown CPU";
        }
    }
}
