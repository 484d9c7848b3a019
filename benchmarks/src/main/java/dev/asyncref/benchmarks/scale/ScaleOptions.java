package dev.asyncref.benchmarks.scale;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the scale runner measures: which contenders and operations, how many operations at once, the services'
 * latency, how many timed runs to take the median of, and the warm-up before them. Written as
 * {@code name=value} options, on the command line and to the JVMs it forks.
 *
 * @param ns how many concurrent operations each run starts ({@code n=1000,10000})
 * @param latency every call's latency in the measured runs ({@code latency=PT1S})
 * @param repetitions timed runs per contender, operation and N, of which the page quotes the median
 * @param warmupRounds rounds of every operation before the first measured run, each of {@code warmupN}
 *     operations at a 1 ms latency, so that what is measured is compiled code ({@code warmup=5})
 * @param longestRun a run expected to take longer than this (the blocking pool's queue) is skipped, and says why
 * @param ceiling how long a run waits for its last operation before the missing ones count as lost
 */
public record ScaleOptions(List<Contenders> contenders, List<Operation> operations, List<Integer> ns,
        Duration latency, int repetitions, int warmupRounds, int warmupN, Duration longestRun, Duration ceiling) {

    private static final Map<String, String> FULL = Map.of(
            "contenders", Arrays.stream(Contenders.values()).map(Enum::name).collect(Collectors.joining(",")),
            "operations", "quote,checkout,bake",
            "n", "1000,10000,100000,1000000", "latency", "PT1S", "repetitions", "5", "warmup", "5",
            "warmupN", "20000", "longestRun", "PT60S", "ceiling", "PT5M");

    /** The smoke test's run: everything present and accounted for, in seconds; nothing it gives is a figure. */
    private static final Map<String, String> QUICK = Map.of(
            "n", "50,500", "latency", "PT0.005S", "repetitions", "1", "warmup", "1", "warmupN", "200");

    /** The full run's options, or the quick run's, with any of {@code changes} in place of their own. */
    public static ScaleOptions of(boolean quick, Map<String, String> changes) {
        Map<String, String> options = new LinkedHashMap<>(FULL);
        if (quick) {
            options.putAll(QUICK);
        }
        changes.forEach((name, value) -> {
            if (options.containsKey(name)) {
                options.put(name, value);
            }
        });
        return new ScaleOptions(list(options.get("contenders")).stream().map(Contenders::valueOf).toList(),
                list(options.get("operations")).stream().map(Operation::of).toList(),
                list(options.get("n")).stream().map(Integer::valueOf).toList(),
                Duration.parse(options.get("latency")), Integer.parseInt(options.get("repetitions")),
                Integer.parseInt(options.get("warmup")), Integer.parseInt(options.get("warmupN")),
                Duration.parse(options.get("longestRun")), Duration.parse(options.get("ceiling")));
    }

    /** These options as {@code name=value} arguments, for one contender only. */
    List<String> arguments(Contenders contender) {
        return List.of("contenders=" + contender.name(),
                "operations=" + operations.stream().map(Operation::label).collect(Collectors.joining(",")),
                "n=" + ns.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "latency=" + latency, "repetitions=" + repetitions, "warmup=" + warmupRounds,
                "warmupN=" + warmupN, "longestRun=" + longestRun, "ceiling=" + ceiling);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
