package dev.asyncref.benchmarks.scale;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one run measured, as one line of {@code scale.csv}. A timed run fills the time, CPU, latency and
 * thread columns; a memory run, whose calls were held at the services' gates, fills the memory columns; a
 * skipped run says why in its note, the last field, which may hold commas but no line break. Times are in
 * nanoseconds, memory in bytes.
 *
 * @param threads the most live platform threads during the run, beyond those the JVM had before the
 *     contender was built
 */
public record RunResult(
        String contender, String operation, int n, long latencyNanos, Kind kind,
        long wallNanos, long startingNanos, long criticalPathNanos, long cpuNanos, long collections,
        long latencyP50, long latencyP99, long latencyP999,
        long callerWaitP50, long callerWaitP99, long callerWaitP999,
        int threads, long heapBytes, long residentBytes,
        long completed, long failed, long lost, long endedTwice, String note) {

    public enum Kind { TIMED, MEMORY, SKIPPED }

    public static final String HEADER = "contender,operation,n,latencyNanos,kind,"
            + "wallNanos,startingNanos,criticalPathNanos,cpuNanos,collections,"
            + "latencyP50,latencyP99,latencyP999,callerWaitP50,callerWaitP99,callerWaitP999,"
            + "threads,heapBytes,residentBytes,completed,failed,lost,endedTwice,note";

    /** A run not made, and why. */
    static RunResult skipped(Contenders contender, Operation operation, int n, long latencyNanos, String why) {
        return new RunResult(contender.name(), operation.label(), n, latencyNanos, Kind.SKIPPED,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, why);
    }

    /** Every operation ended exactly once, and none was lost. */
    public boolean accounted() {
        return kind == Kind.SKIPPED || (completed + failed == n && lost == 0 && endedTwice == 0);
    }

    public String csv() {
        return String.join(",", contender, operation, str(n), str(latencyNanos), kind.name(),
                str(wallNanos), str(startingNanos), str(criticalPathNanos), str(cpuNanos), str(collections),
                str(latencyP50), str(latencyP99), str(latencyP999),
                str(callerWaitP50), str(callerWaitP99), str(callerWaitP999),
                str(threads), str(heapBytes), str(residentBytes),
                str(completed), str(failed), str(lost), str(endedTwice), note.replaceAll("\\s+", " "));
    }

    public static RunResult parse(String line) {
        String[] f = line.split(",", 24); // the note, last, may hold commas
        if (f.length != 24) {
            throw new IllegalArgumentException("not a run result (24 fields): " + line);
        }
        long[] x = Arrays.stream(f, 5, 23).mapToLong(Long::parseLong).toArray();
        return new RunResult(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Kind.valueOf(f[4]),
                x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], (int) x[11], x[12], x[13],
                x[14], x[15], x[16], x[17], f[23]);
    }

    public static List<RunResult> parseAll(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank() && !line.equals(HEADER)).map(RunResult::parse)
                .collect(Collectors.toList());
    }

    private static String str(long value) {
        return Long.toString(value);
    }
}
