package dev.asyncref.benchmarks.report;

import dev.asyncref.benchmarks.cpu.CpuResult;
import dev.asyncref.benchmarks.scale.Contenders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The CPU-bound instrument's part of the page: throughput against requests at once. */
final class CpuSection {

    private final List<CpuResult> results;
    private final Path charts;

    CpuSection(List<CpuResult> results, Path charts) {
        this.results = results;
        this.charts = charts;
    }

    void write(Markdown page) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        page.heading(2, "CPU-bound work: planDelivery");
        page.paragraph("""
                planDelivery looks an address up (a blocking call that answers at once here) and then plans the route,
                a breadth-first search over 90,000 cells that keeps a core busy. A closed loop keeps the given number
                of requests in flight, starting the next as one ends, for %d requests; the figure is the median
                throughput of the repetitions. Every style plans on a pool bounded to the cores (rule R19); the
                thread-per-request reference plans on as many threads as requests.""".formatted(
                results.isEmpty() ? 0 : results.getFirst().requests()));
        Map<Contenders, List<double[]>> series = new LinkedHashMap<>();
        for (Contenders contender : contenders()) {
            series.put(contender, concurrencies().stream()
                    .map(concurrency -> new double[] {concurrency, median(contender, concurrency)}).toList());
        }
        Charts.lines(charts.resolve("cpu-bound.png"), "planDelivery: plannings per second against requests at once",
                cores + " cores: a few requests at once keep them busy, and more do not plan faster",
                "requests at once",
                "plannings per second", series, false);
        page.image("Plannings per second against requests at once", "benchmarks/cpu-bound.png");
        List<String> header = new ArrayList<>(List.of("contender: plannings per second"));
        concurrencies().forEach(concurrency -> header.add(concurrency + " at once"));
        header.add("most at once ÷ " + cores + " at once");
        List<List<String>> rows = new ArrayList<>();
        for (Contenders contender : contenders()) {
            List<String> row = new ArrayList<>(List.of(contender.label()));
            concurrencies().forEach(concurrency ->
                    row.add(String.format(Locale.ROOT, "%,.0f", median(contender, concurrency))));
            row.add(Markdown.times(median(contender, concurrencies().getLast()) / median(contender, cores)));
            rows.add(row);
        }
        page.table(header, rows);
    }

    /** Throughput at the most requests at once over throughput at one per core: about 1 means flat. */
    double flattening(Contenders contender) {
        int cores = Runtime.getRuntime().availableProcessors();
        return median(contender, concurrencies().getLast()) / median(contender, cores);
    }

    /** The most requests at once that were measured. */
    int mostAtOnce() {
        return concurrencies().getLast();
    }

    List<Contenders> contenders() {
        return Contenders.named(results.stream().map(CpuResult::contender).toList());
    }

    private List<Integer> concurrencies() {
        return results.stream().map(CpuResult::concurrency).distinct().sorted().toList();
    }

    double median(Contenders contender, int concurrency) {
        return Median.of(results.stream().filter(result -> result.contender().equals(contender.name())
                && result.concurrency() == concurrency).mapToDouble(CpuResult::throughput).toArray());
    }
}
