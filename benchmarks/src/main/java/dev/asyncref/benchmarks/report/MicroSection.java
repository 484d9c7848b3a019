package dev.asyncref.benchmarks.report;

import static dev.asyncref.benchmarks.report.Markdown.bytes;
import static dev.asyncref.benchmarks.report.Markdown.times;

import dev.asyncref.benchmarks.jmh.JmhResult;
import dev.asyncref.benchmarks.scale.Contenders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.data.category.DefaultCategoryDataset;

/** The microbenchmarks' part of the page: what one operation costs when nothing waits. */
final class MicroSection {

    private final List<JmhResult> results;
    private final Path charts;

    MicroSection(List<JmhResult> results, Path charts) {
        this.results = results;
        this.charts = charts;
    }

    void write(Markdown page) throws IOException {
        page.heading(2, "Microbenchmarks: the cost of one operation when nothing waits");
        page.paragraph("""
                JMH 1.37, one fork per benchmark, 5 warm-up and 5 measured iterations of one second: each
                invocation starts a batch of 1,000 operations and waits for all of them, with the services answering
                at once (zero latency), so that what is measured is the work of the style, not a wait. CPU time counts
                every thread of the JVM (a profiler of this module's, since an operation's work mostly runs on threads
                it hands it to); allocation is JMH's own `-prof gc` (`gc.alloc.rate.norm`). Time per operation is
                with both cores busy.""");
        List<String> operations = results.stream().map(JmhResult::operation).distinct().toList();
        for (String metric : List.of("cpu", "alloc")) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Contenders contender : contenders()) {
                for (String operation : operations) {
                    find(contender, operation).ifPresent(result -> data.addValue(
                            metric.equals("cpu") ? result.cpuNanosPerOp() / 1e3 : result.bytesPerOp(), operation,
                            contender.label()));
                }
            }
            boolean cpu = metric.equals("cpu");
            Charts.bars(charts.resolve("jmh-" + metric + ".png"),
                    cpu ? "CPU time per operation, zero latency" : "Bytes allocated per operation, zero latency",
                    "JMH, batches of 1,000 operations", cpu ? "µs of CPU (all threads)" : "bytes", data, false);
            page.image(cpu ? "CPU time per operation (JMH)" : "Allocation per operation (JMH)",
                    "benchmarks/jmh-" + metric + ".png");
        }
        List<String> header = new ArrayList<>(List.of("contender"));
        for (String operation : operations) {
            header.add(operation + ": time");
            header.add("CPU (× floor)");
            header.add("allocated (× floor)");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Contenders contender : contenders()) {
            List<String> row = new ArrayList<>(List.of(contender.label()));
            for (String operation : operations) {
                Optional<JmhResult> result = find(contender, operation);
                Optional<JmhResult> floor = find(Contenders.FLOOR, operation);
                row.add(result.map(r -> String.format(Locale.ROOT, "%.2f ± %.2f µs", r.nanosPerOp() / 1e3,
                        r.errorNanos() / 1e3)).orElse("–"));
                row.add(result.map(r -> String.format(Locale.ROOT, "%.2f µs", r.cpuNanosPerOp() / 1e3) + " ("
                        + times(r.cpuNanosPerOp() / floor.map(JmhResult::cpuNanosPerOp).orElse(Double.NaN)) + ")")
                        .orElse("–"));
                row.add(result.map(r -> bytes(r.bytesPerOp()) + " ("
                        + times(r.bytesPerOp() / floor.map(JmhResult::bytesPerOp).orElse(Double.NaN)) + ")")
                        .orElse("–"));
            }
            rows.add(row);
        }
        page.table(header, rows);
    }

    private List<Contenders> contenders() {
        return Contenders.named(results.stream().map(JmhResult::contender).toList());
    }

    private Optional<JmhResult> find(Contenders contender, String operation) {
        return results.stream().filter(result -> result.contender().equals(contender.name())
                && result.operation().equals(operation)).findFirst();
    }
}
