package dev.asyncref.benchmarks.cpu;

import java.util.List;

/**
 * One closed-loop run of the CPU-bound instrument, as a line of {@code cpu.csv}: {@code requests} route
 * plannings, at most {@code concurrency} at a time, in {@code wallNanos}.
 */
public record CpuResult(String contender, int concurrency, int requests, long wallNanos, long cpuNanos,
        int threads, long failed) {

    public static final String HEADER = "contender,concurrency,requests,wallNanos,cpuNanos,threads,failed";

    /** Plannings finished per second. */
    public double throughput() {
        return requests * 1e9 / wallNanos;
    }

    public String csv() {
        return contender + "," + concurrency + "," + requests + "," + wallNanos + "," + cpuNanos + "," + threads
                + "," + failed;
    }

    public static List<CpuResult> parseAll(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank() && !line.equals(HEADER)).map(line -> {
            String[] f = line.split(",", -1);
            return new CpuResult(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]));
        }).toList();
    }
}
