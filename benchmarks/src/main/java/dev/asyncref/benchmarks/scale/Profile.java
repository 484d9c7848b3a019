package dev.asyncref.benchmarks.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a run's time and memory go, from JDK Flight Recorder: the methods most often on top of a sampled
 * stack, the classes that take most of the allocation, and the collector's pauses. Recorded in a run of its
 * own, after the measured ones, so that the recording's overhead never shows in a figure.
 */
final class Profile {

    private static final int TOP = 12;
    private static final int RUNS = 3;

    private Profile() {}

    /** A measurement to profile. */
    interface Run {
        RunResult run() throws InterruptedException;
    }

    /**
     * Runs {@code run} {@value #RUNS} times under JFR's "profile" settings (a sample every 10 ms of each
     * running Java thread: one run of a second or two gives too few) and summarises the recording as Markdown.
     */
    static String of(String title, Run run) throws IOException, InterruptedException {
        Path file = Files.createTempFile("profile", ".jfr");
        try {
            RunResult result = null;
            try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                recording.start();
                for (int i = 0; i < RUNS; i++) {
                    result = run.run();
                }
                recording.stop();
                recording.dump(file);
            }
            return summary(title, result, RecordingFile.readAllEvents(file));
        } catch (ParseException unavailable) {
            return "No profile: " + unavailable.getMessage() + "\n";
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String summary(String title, RunResult result, List<RecordedEvent> events) {
        Map<String, Long> methods = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        Duration paused = Duration.ZERO;
        int collections = 0;
        for (RecordedEvent event : events) {
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    List<RecordedFrame> frames = event.getStackTrace() == null ? List.of()
                            : event.getStackTrace().getFrames();
                    if (!frames.isEmpty()) {
                        RecordedFrame top = frames.getFirst();
                        methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L,
                                Long::sum);
                        samples++;
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    if (!byHarness(event)) {
                        long weight = event.getLong("weight");
                        allocations.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                        allocated += weight;
                    }
                }
                case "jdk.GarbageCollection" -> {
                    if (!"System.gc()".equals(event.getString("cause"))) { // the runner's own, before the run
                        paused = paused.plus(event.getDuration("sumOfPauses"));
                        collections++;
                    }
                }
                default -> { }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %d runs under the recorder (the last: wall %.2f s, CPU %.1f µs an"
                        + " operation); %d collections paused the application for %d ms in all.%n%n", title, RUNS,
                result.wallNanos() / 1e9, result.cpuNanos() / 1e3 / result.n(), collections, paused.toMillis()));
        out.append("| on top of the sampled stacks | share |\n|---|---|\n");
        out.append(top(methods, samples));
        out.append("\n| allocated, by class | share |\n|---|---|\n");
        out.append(top(allocations, allocated));
        return out.toString();
    }

    /** The runner's own bookkeeping (the tally's arrays, the histograms made of them) is not the contender's. */
    private static boolean byHarness(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .map(frame -> frame.getMethod().getType().getName())
                .anyMatch(type -> type.equals(Tally.class.getName()) || type.startsWith("org.HdrHistogram."));
    }

    private static String top(Map<String, Long> counts, long total) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .map(entry -> String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", entry.getKey(),
                        100.0 * entry.getValue() / Math.max(1, total)))
                .collect(Collectors.joining());
    }
}
