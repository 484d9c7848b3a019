package dev.asyncref.benchmarks.cpu;

import dev.asyncref.benchmarks.Forks;
import dev.asyncref.benchmarks.scale.Contenders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The CPU-bound instrument: each contender's planDelivery in a JVM of its own, gathered into one CSV. */
public final class CpuBoundRunner {

    private CpuBoundRunner() {}

    public static List<CpuResult> run(List<Contenders> contenders, List<Integer> concurrencies, int requests,
            int repetitions, int warmup, List<String> jvmFlags, Path csv, PrintStream progress,
            List<String> failures) throws IOException, InterruptedException {
        String atOnce = concurrencies.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> lines = Forks.perContender(CpuBoundFork.class, contenders,
                contender -> List.of("contender=" + contender.name(), "concurrency=" + atOnce,
                        "requests=" + requests, "repetitions=" + repetitions, "warmup=" + warmup),
                jvmFlags, progress, failures);
        Forks.writeCsv(csv, CpuResult.HEADER, lines);
        return CpuResult.parseAll(lines);
    }
}
