package dev.asyncref.benchmarks.report;

import static dev.asyncref.benchmarks.report.Markdown.bytes;
import static dev.asyncref.benchmarks.report.Markdown.count;
import static dev.asyncref.benchmarks.report.Markdown.micros;
import static dev.asyncref.benchmarks.report.Markdown.millis;
import static dev.asyncref.benchmarks.report.Markdown.n;
import static dev.asyncref.benchmarks.report.Markdown.seconds;
import static dev.asyncref.benchmarks.report.Markdown.times;

import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.RunResult;
import dev.asyncref.benchmarks.scale.ScaleOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jfree.data.category.DefaultCategoryDataset;

/** The scale runner's part of the page: a chart and a table per question. */
final class ScaleSection {

    private final ScaleResults results;
    private final ScaleOptions options;
    private final Path charts;

    ScaleSection(ScaleResults results, ScaleOptions options, Path charts) {
        this.results = results;
        this.options = options;
        this.charts = charts;
    }

    void write(Markdown page) throws IOException {
        page.heading(2, "Scale: N operations at once, " + latency() + " a call");
        page.paragraph("""
                Each run starts N operations at once from one caller thread, on fresh simulated services whose every
                call takes %s, and waits until each has ended once. Wall time is from the first start to the last
                ending; the critical path is the least any style can take (one call's latency for quote and bake,
                two for checkout), so a ratio of 1.00× means the style added nothing a caller could wait for. Each
                figure is the median of %d timed runs after a warm-up of %d rounds; memory is measured in a run of its
                own, with every answer held at the services' gates so that all N operations are in flight, after a
                full collection.""".formatted(latency(), options.repetitions(), options.warmupRounds()));
        for (Operation operation : results.operations()) {
            wall(page, operation);
        }
        threads(page);
        memory(page);
        cpu(page);
        latencies(page);
        accounting(page);
    }

    private void wall(Markdown page, Operation operation) throws IOException {
        String file = "wall-" + operation.label() + ".png";
        Charts.lines(charts.resolve(file), operation.label() + ": wall time over the critical path",
                "N operations at once, " + latency() + " a call; 1 = no time added", "N (operations at once)",
                "wall time / critical path", series(operation, ScaleSummary::wallOverCriticalPath), true);
        page.heading(3, operation.label() + ": wall time");
        page.image(operation.label() + ": wall time over the critical path against N", "benchmarks/" + file);
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Contenders contender : results.contenders()) {
            List<String> row = new ArrayList<>(List.of(contender.label()));
            for (int n : results.ns()) {
                ScaleSummary cell = results.of(contender, operation, n);
                if (cell.skipped().isPresent()) {
                    notes.add("N = " + n(n) + ", " + contender.label() + ": " + cell.skipped().get() + ".");
                    row.add("not run¹");
                } else {
                    row.add(seconds(cell.wallSeconds()) + " (" + times(cell.wallOverCriticalPath()) + " path, "
                            + times(cell.wallSeconds() / results.floor(operation, n, ScaleSummary::wallSeconds))
                            + " floor)");
                }
            }
            rows.add(row);
        }
        page.table(header("wall (× critical path, × floor)"), rows);
        if (!notes.isEmpty()) {
            page.paragraph("¹ " + String.join(" ", notes.stream().distinct().toList()));
        }
    }

    private void threads(Markdown page) throws IOException {
        page.heading(3, "Platform threads");
        Charts.lines(charts.resolve("threads.png"), "Platform threads while N operations are in flight",
                "the most live at once, beyond the JVM's own; the largest over " + operationsLabel(),
                "N (operations at once)", "platform threads", maxOverOperations(ScaleSummary::threads), true);
        page.image("Platform threads against N", "benchmarks/threads.png");
        page.paragraph("""
                The most platform threads alive at once during a run, beyond those the JVM had before the contender
                was built (virtual threads are not platform threads, and are not counted); the largest over the
                operations. Every contender has the simulated services' own: one timer thread and one answering
                thread per core.""");
        page.table(header("platform threads"), rows(contender -> results.ns().stream()
                .map(n -> count(maxOverOperations(contender, n, ScaleSummary::threads))).toList()));
    }

    private void memory(Markdown page) throws IOException {
        int n = results.largestN();
        page.heading(3, "Memory per operation in flight");
        DefaultCategoryDataset heap = new DefaultCategoryDataset();
        for (Contenders contender : results.contenders()) {
            for (Operation operation : results.operations()) {
                double value = largestHeld(contender, operation).heapBytesPerOp();
                if (Double.isFinite(value)) {
                    heap.addValue(value, operation.label(), contender.label());
                }
            }
        }
        Charts.bars(charts.resolve("heap.png"), "Heap per operation in flight, N = " + n(n),
                "live heap after a full collection, all N operations waiting for their first answers", "bytes",
                heap, false);
        page.image("Heap per operation in flight", "benchmarks/heap.png");
        page.paragraph("""
                Heap retained per operation while all N are in flight (what a full collection cannot free, divided
                by N), and resident memory per operation (the process's growth outside the pre-touched heap: thread
                stacks above all), at N = %s or the largest N a contender could run.""".formatted(n(n)));
        List<String> header = new ArrayList<>(List.of("contender"));
        results.operations().forEach(operation -> header.add(operation.label() + ": heap"));
        results.operations().forEach(operation -> header.add(operation.label() + ": resident"));
        List<List<String>> rows = new ArrayList<>();
        for (Contenders contender : results.contenders()) {
            List<String> row = new ArrayList<>(List.of(contender.label()));
            results.operations().forEach(operation ->
                    row.add(bytes(largestHeld(contender, operation).heapBytesPerOp())));
            results.operations().forEach(operation ->
                    row.add(bytes(largestHeld(contender, operation).residentBytesPerOp())));
            rows.add(row);
        }
        page.table(header, rows);
    }

    private void cpu(Markdown page) throws IOException {
        page.heading(3, "CPU time per operation");
        Operation first = results.operations().getFirst();
        Charts.lines(charts.resolve("cpu.png"), first.label() + ": CPU time per operation",
                "process CPU time over the run (every thread: the collector's and compiler's too) / N",
                "N (operations at once)", "CPU time per operation (µs)",
                series(first, ScaleSummary::cpuMicrosPerOp), true);
        page.image("CPU time per operation against N", "benchmarks/cpu.png");
        page.paragraph("The process's CPU time over a timed run, every thread counted, divided by N.");
        page.table(header(first.label() + ": CPU per operation (× floor)"), rows(contender -> results.ns().stream()
                .map(n -> {
                    ScaleSummary cell = results.of(contender, first, n);
                    double floor = results.floor(first, n, ScaleSummary::cpuMicrosPerOp);
                    return micros(cell.cpuMicrosPerOp()) + " (" + times(cell.cpuMicrosPerOp() / floor) + ")";
                }).toList()));
        List<String> header = new ArrayList<>(List.of("contender"));
        results.operations().forEach(operation -> header.add(operation.label()));
        page.paragraph("At N = " + n(results.largestN()) + ", every operation:");
        page.table(header, rows(contender -> results.operations().stream()
                .map(operation -> micros(results.of(contender, operation, results.largestN()).cpuMicrosPerOp()))
                .toList()));
    }

    private void latencies(Markdown page) throws IOException {
        int n = results.largestN();
        Operation first = results.operations().getFirst();
        page.heading(3, "Latency, and how long the caller waits");
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        DefaultCategoryDataset waits = new DefaultCategoryDataset();
        for (Contenders contender : results.contenders()) {
            ScaleSummary cell = largest(contender, first);
            if (cell.measured()) {
                latency.addValue(cell.median(RunResult::latencyP50) / 1e6, "p50", contender.label());
                latency.addValue(cell.median(RunResult::latencyP99) / 1e6, "p99", contender.label());
                latency.addValue(cell.median(RunResult::latencyP999) / 1e6, "p99.9", contender.label());
                waits.addValue(cell.median(RunResult::callerWaitP50) / 1e3, "p50", contender.label());
                waits.addValue(cell.median(RunResult::callerWaitP99) / 1e3, "p99", contender.label());
                waits.addValue(cell.median(RunResult::callerWaitP999) / 1e3, "p99.9", contender.label());
            }
        }
        Charts.bars(charts.resolve("latency.png"), first.label() + ": latency per operation",
                "from the call that starts it to its ending, N = " + n(n) + " or the largest N run", "ms", latency,
                false);
        Charts.bars(charts.resolve("caller-wait.png"), first.label() + ": how long the caller waits",
                "until the call that starts an operation returns, N = " + n(n) + " or the largest N run", "µs",
                waits, true);
        page.image("Latency percentiles per contender", "benchmarks/latency.png");
        page.image("How long the caller waits for the call to return", "benchmarks/caller-wait.png");
        page.paragraph("""
                Latency runs from the call that starts an operation to its ending (HdrHistogram, three significant
                digits); the caller's wait is how long that call took to return, which is the whole point of
                asynchrony: a blocking call returns only with the answer. %s, N = %s (or the largest N run).
                """.formatted(first.label(), n(n)));
        page.table(List.of("contender", "N", "latency p50", "p99", "p99.9", "caller waits p50", "p99", "p99.9"),
                rows(contender -> {
                    ScaleSummary cell = largest(contender, first);
                    return List.of(n(cell.n()), millis(cell.median(RunResult::latencyP50) / 1e6),
                            millis(cell.median(RunResult::latencyP99) / 1e6),
                            millis(cell.median(RunResult::latencyP999) / 1e6),
                            micros(cell.median(RunResult::callerWaitP50) / 1e3),
                            micros(cell.median(RunResult::callerWaitP99) / 1e3),
                            micros(cell.median(RunResult::callerWaitP999) / 1e3));
                }));
    }

    private void accounting(Markdown page) {
        page.heading(3, "Every operation accounted for");
        page.paragraph("""
                Across every run of this page (warm-ups excepted), how each operation ended. A correct contender ends
                each exactly once: completed + failed = N, none lost (still pending at the run's ceiling of %s),
                none ended twice. %s""".formatted(options.ceiling(), results.allAccounted()
                ? "Every run here is accounted for." : "**Some runs are not accounted for: see the rows below.**"));
        page.table(List.of("contender", "operations", "completed", "failed", "lost", "ended twice"),
                rows(contender -> {
                    long[] total = new long[4];
                    for (Operation operation : results.operations()) {
                        for (int n : results.ns()) {
                            long[] counts = results.of(contender, operation, n).counts();
                            for (int i = 0; i < 4; i++) {
                                total[i] += counts[i];
                            }
                        }
                    }
                    return List.of(count(total[0] + total[1] + total[2]), count(total[0]), count(total[1]),
                            count(total[2]), count(total[3]));
                }));
    }

    // ---- helpers ----

    /** The cell at the largest N at which the contender was timed for the operation. */
    private ScaleSummary largest(Contenders contender, Operation operation) {
        int n = results.largestMeasuredN(contender, operation);
        return results.of(contender, operation, n == 0 ? results.largestN() : n);
    }

    /** The cell at the largest N at which the contender's memory was measured for the operation. */
    private ScaleSummary largestHeld(Contenders contender, Operation operation) {
        return results.ns().reversed().stream().map(n -> results.of(contender, operation, n))
                .filter(cell -> cell.memory().isPresent()).findFirst()
                .orElse(results.of(contender, operation, results.largestN()));
    }

    private Map<Contenders, List<double[]>> series(Operation operation, ToDoubleFunction<ScaleSummary> figure) {
        Map<Contenders, List<double[]>> series = new LinkedHashMap<>();
        for (Contenders contender : results.contenders()) {
            series.put(contender, results.ns().stream().map(n -> results.of(contender, operation, n))
                    .filter(ScaleSummary::measured)
                    .map(cell -> new double[] {cell.n(), figure.applyAsDouble(cell)}).toList());
        }
        return series;
    }

    private Map<Contenders, List<double[]>> maxOverOperations(ToDoubleFunction<ScaleSummary> figure) {
        Map<Contenders, List<double[]>> series = new LinkedHashMap<>();
        for (Contenders contender : results.contenders()) {
            series.put(contender, results.ns().stream()
                    .map(n -> new double[] {n, maxOverOperations(contender, n, figure)}).toList());
        }
        return series;
    }

    private double maxOverOperations(Contenders contender, int n, ToDoubleFunction<ScaleSummary> figure) {
        return results.operations().stream().map(operation -> results.of(contender, operation, n))
                .filter(ScaleSummary::measured).mapToDouble(figure).max().orElse(Double.NaN);
    }

    private List<String> header(String what) {
        List<String> header = new ArrayList<>(List.of("contender: " + what));
        results.ns().forEach(n -> header.add("N = " + n(n)));
        return header;
    }

    private List<List<String>> rows(Function<Contenders, List<String>> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (Contenders contender : results.contenders()) {
            List<String> row = new ArrayList<>(List.of(contender.label()));
            row.addAll(cells.apply(contender));
            rows.add(row);
        }
        return rows;
    }

    private String operationsLabel() {
        return String.join(", ", results.operations().stream().map(Operation::label).toList());
    }

    private String latency() {
        long millis = options.latency().toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
