package dev.asyncref.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Where a mutation run's figures come from: the commit, the date, the machine and the JDK. */
record RunFacts(String commit, LocalDate date, String machine, String jdk) {

    static RunFacts now(Path root) {
        return new RunFacts(commit(root), LocalDate.now(),
                Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + ")",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    private static String commit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile())
                    .redirectErrorStream(true).start();
            String head = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 ? head : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
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
