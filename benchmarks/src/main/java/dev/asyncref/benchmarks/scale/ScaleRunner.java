package dev.asyncref.benchmarks.scale;

import dev.asyncref.benchmarks.Forks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale instrument: each contender measured in a JVM of its own ({@link ScaleFork}), one after the
 * other, its results gathered into one CSV, and its profile written beside it ({@code profile-<contender>.md}).
 */
public final class ScaleRunner {

    private ScaleRunner() {}

    /**
     * Measures every contender {@code options} names; the results, also written to {@code csv}. A contender
     * whose JVM failed is named in {@code failures}.
     */
    public static List<RunResult> run(ScaleOptions options, List<String> jvmFlags, Path csv, PrintStream progress,
            List<String> failures) throws IOException, InterruptedException {
        Path profiles = csv.toAbsolutePath().getParent();
        List<String> lines = Forks.perContender(ScaleFork.class, options.contenders(), contender -> {
            List<String> arguments = new ArrayList<>(options.arguments(contender));
            arguments.add("profiles=" + profiles);
            return arguments;
        }, jvmFlags, progress, failures);
        Forks.writeCsv(csv, RunResult.HEADER, lines);
        return RunResult.parseAll(lines);
    }
}
