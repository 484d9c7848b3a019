package dev.asyncref.benchmarks.jmh;

import dev.asyncref.benchmarks.Forks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The microbenchmark instrument: {@link OperationBenchmark} through JMH's own runner, one fork each. */
public final class JmhRunner {

    private JmhRunner() {}

    /**
     * Runs every contender and operation ({@code quick}: one short iteration of each contender's quote, a
     * check that the instrument works, not a figure); the results, also written to {@code csv}. JMH's own
     * report goes to {@code log}, or to the console.
     */
    public static List<JmhResult> run(boolean quick, Path csv, Optional<Path> log) throws IOException, RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(OperationBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .addProfiler(CpuTimeProfiler.class)
                .forks(1)
                .jvmArgsAppend(Forks.jmhFlags().toArray(String[]::new))
                .shouldFailOnError(true);
        log.ifPresent(file -> options.output(file.toString()));
        if (quick) {
            options.param("operation", "quote")
                    .warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
        } else {
            options.warmupIterations(5).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> runs = new Runner(options.build()).run();
        List<JmhResult> results = new ArrayList<>();
        for (RunResult run : runs) {
            Result<?> primary = run.getPrimaryResult();
            results.add(new JmhResult(run.getParams().getParam("contender"), run.getParams().getParam("operation"),
                    primary.getScore(), primary.getScoreError(),
                    run.getSecondaryResults().get("cpu.time.norm").getScore(),
                    run.getSecondaryResults().get("gc.alloc.rate.norm").getScore()));
        }
        Forks.writeCsv(csv, JmhResult.HEADER, results.stream().map(JmhResult::csv).toList());
        return results;
    }
}
