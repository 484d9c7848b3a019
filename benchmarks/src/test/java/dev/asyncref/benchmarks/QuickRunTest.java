package dev.asyncref.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.benchmarks.cpu.CpuResult;
import dev.asyncref.benchmarks.jmh.JmhResult;
import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The smoke test of the benchmarks: the whole run in quick mode (every instrument, every contender in a JVM
 * of its own, small N, 5 ms calls), checked for its own accounting, never for a timing: every operation of
 * every run ended exactly once, every contender and operation is present, and the page shows them all.
 */
class QuickRunTest {

    private static final Path OUT = Path.of("target", "quick-run");
    private static final Path RAW = OUT.resolve("benchmarks");

    private static List<String> failures;

    @BeforeAll
    static void runEverythingQuickly() throws Exception {
        failures = Benchmarks.run("quick", "quiet", "out=" + OUT);
    }

    @Test
    void everyMeasuringJvmRanToItsEnd() {
        assertThat(failures).as("see %s", RAW.resolve("progress.log")).isEmpty();
    }

    @Test
    void everyOperationOfEveryScaleRunEndedExactlyOnce() throws IOException {
        List<RunResult> results = scale();

        assertThat(results).isNotEmpty().allSatisfy(result -> {
            assertThat(result.accounted()).as("accounted: %s", result.csv()).isTrue();
            if (result.kind() != RunResult.Kind.SKIPPED) {
                assertThat(result.completed()).as("completed, no failure: %s", result.csv()).isEqualTo(result.n());
            }
        });
    }

    @Test
    void everyContenderRanEveryOperationAtEveryN() throws IOException {
        List<RunResult> results = scale();

        for (Contenders contender : Contenders.values()) {
            for (Operation operation : List.of(Operation.QUOTE, Operation.CHECKOUT, Operation.BAKE)) {
                for (int n : List.of(50, 500)) {
                    assertThat(results).as("%s %s N=%d", contender, operation, n)
                            .anyMatch(result -> result.contender().equals(contender.name())
                                    && result.operation().equals(operation.label()) && result.n() == n
                                    && result.kind() != RunResult.Kind.MEMORY);
                }
            }
        }
    }

    @Test
    void aSkippedRunSaysWhy() throws IOException {
        assertThat(scale()).filteredOn(result -> result.kind() == RunResult.Kind.SKIPPED)
                .allSatisfy(result -> assertThat(result.note()).startsWith("would "));
    }

    @Test
    void theMicrobenchmarksMeasuredEveryStyleAndTheFloor() throws IOException {
        List<JmhResult> results = JmhResult.parseAll(Files.readAllLines(RAW.resolve("jmh.csv")));

        assertThat(results).extracting(JmhResult::contender).containsExactlyInAnyOrder(
                "FLOOR", "CALLBACKS", "FUTURES", "RXJAVA", "REACTOR", "VIRTUAL_THREADS", "STRUCTURED");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.cpuNanosPerOp()).isPositive();
            assertThat(result.bytesPerOp()).isPositive();
        });
    }

    @Test
    void theCpuBoundInstrumentRanEveryContenderWithoutAFailure() throws IOException {
        List<CpuResult> results = CpuResult.parseAll(Files.readAllLines(RAW.resolve("cpu.csv")));

        assertThat(results).extracting(CpuResult::contender).containsAll(
                Arrays.stream(Contenders.values()).map(Enum::name).toList());
        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isZero());
    }

    @Test
    void thePageShowsEveryContenderAndEveryChartItLinks() throws IOException {
        String page = Files.readString(OUT.resolve("benchmarks.md"));

        for (Contenders contender : Contenders.values()) {
            assertThat(page).contains("| " + contender.label() + " |");
        }
        Matcher images = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(page);
        int charts = 0;
        while (images.find()) {
            assertThat(OUT.resolve(images.group(1))).as("chart linked from the page").isNotEmptyFile();
            charts++;
        }
        assertThat(charts).isGreaterThanOrEqualTo(10);
    }

    private static List<RunResult> scale() throws IOException {
        return RunResult.parseAll(Files.readAllLines(RAW.resolve("scale.csv")));
    }
}
