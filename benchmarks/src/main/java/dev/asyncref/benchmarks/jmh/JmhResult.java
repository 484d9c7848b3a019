package dev.asyncref.benchmarks.jmh;

import java.util.List;

/**
 * One microbenchmark's result, as one line of {@code jmh.csv}: time, CPU and allocation per operation, and
 * the 99.9% confidence half-width JMH gives for the time.
 */
public record JmhResult(String contender, String operation, double nanosPerOp, double errorNanos,
        double cpuNanosPerOp, double bytesPerOp) {

    public static final String HEADER = "contender,operation,nanosPerOp,errorNanos,cpuNanosPerOp,bytesPerOp";

    public String csv() {
        return String.join(",", contender, operation, str(nanosPerOp), str(errorNanos), str(cpuNanosPerOp),
                str(bytesPerOp));
    }

    public static List<JmhResult> parseAll(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank() && !line.equals(HEADER)).map(line -> {
            String[] f = line.split(",", -1);
            return new JmhResult(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        }).toList();
    }

    private static String str(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
