package dev.asyncref.benchmarks.report;

import static dev.asyncref.benchmarks.report.Markdown.bytes;
import static dev.asyncref.benchmarks.report.Markdown.count;
import static dev.asyncref.benchmarks.report.Markdown.micros;
import static dev.asyncref.benchmarks.report.Markdown.n;
import static dev.asyncref.benchmarks.report.Markdown.times;

import dev.asyncref.benchmarks.jmh.JmhResult;
import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.RunResult;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The explainer's claims, each with what this run's figures say of it, computed from them, and a link to the
 * figure: supported, not supported, or not measured here, said plainly.
 */
final class Claims {

    private final ScaleResults scale;
    private final List<JmhResult> micro;
    private final CpuSection cpu;
    private final String latency;

    Claims(ScaleResults scale, List<JmhResult> micro, CpuSection cpu, String latency) {
        this.scale = scale;
        this.micro = micro;
        this.cpu = cpu;
        this.latency = latency;
    }

    void write(Markdown page) {
        page.heading(2, "The claims, and what the figures say");
        page.table(List.of("claim", "what this run measured", "figure"), List.of(
                List.of("Asynchronous code keeps a program responsive", responsive(),
                        "[caller's wait](#latency-and-how-long-the-caller-waits)"),
                List.of("It serves many requests at once without many threads", fewThreads(),
                        "[threads](#platform-threads)"),
                List.of("It saves memory", memory(), "[memory](#memory-per-operation-in-flight)"),
                List.of("It suits work that waits on I/O", io(), "[wall time](#quote-wall-time)"),
                List.of("It does not help CPU-bound work", cpuBound(), "[planDelivery](#cpu-bound-work-plandelivery)"),
                List.of("It costs readability, makes errors harder to trace, needs new concepts", costs(),
                        "[microbenchmarks](#microbenchmarks-the-cost-of-one-operation-when-nothing-waits)")));
    }

    private String responsive() {
        int n = scale.largestN();
        DoubleSummaryStatistics waits = styles(cell -> cell.median(RunResult::callerWaitP99) / 1e3, n);
        return "Supported%s. With %s quotes in flight, a caller of any style got control back within %s to %s (p99) of "
                .formatted(waits.getMax() < 1_000 ? "" : " only in part", n(n), micros(waits.getMin()),
                        micros(waits.getMax()))
                + "starting one; a blocking call holds its caller for the whole " + latency + ".";
    }

    private String fewThreads() {
        int n = scale.largestN();
        DoubleSummaryStatistics threads = styles(ScaleSummary::threads, n);
        int perRequest = scale.largestMeasuredN(Contenders.THREAD_PER_REQUEST, Operation.QUOTE);
        int pool = scale.largestMeasuredN(Contenders.THREAD_POOL, Operation.QUOTE);
        String further = scale.of(Contenders.THREAD_PER_REQUEST, Operation.QUOTE, n).skipped()
                .map(why -> ", and could go no further here (" + why + ")").orElse("");
        return ("Supported. Every style served %s quotes at once with %s to %s platform threads beyond the JVM's own. "
                + "A thread per request needed %s threads for %s%s; the pool of 200 took %s the critical path at "
                + "N = %s.").formatted(n(n), count(threads.getMin()), count(threads.getMax()),
                count(scale.of(Contenders.THREAD_PER_REQUEST, Operation.QUOTE, perRequest).threads()), n(perRequest),
                further, times(scale.of(Contenders.THREAD_POOL, Operation.QUOTE, pool).wallOverCriticalPath()),
                n(pool));
    }

    private String memory() {
        int n = scale.largestN();
        DoubleSummaryStatistics heap = styles(ScaleSummary::memoryBytesPerOp, n);
        int perRequest = scale.largestMeasuredN(Contenders.THREAD_PER_REQUEST, Operation.QUOTE);
        ScaleSummary threads = scale.of(Contenders.THREAD_PER_REQUEST, Operation.QUOTE, perRequest);
        double perThread = threads.memoryBytesPerOp();
        return ("%s. An operation in flight holds %s to %s in the styles (quote, N = %s); a blocked platform thread "
                + "per request holds %s (N = %s), its stack above all. Heap and resident memory outside it together.")
                .formatted(
                heap.getMax() < perThread ? "Supported" : "Not supported", bytes(heap.getMin()), bytes(heap.getMax()),
                n(n), bytes(perThread), n(perRequest));
    }

    private String io() {
        int n = scale.largestN();
        DoubleSummaryStatistics ratio = styles(ScaleSummary::wallOverCriticalPath, n);
        int pool = scale.largestMeasuredN(Contenders.THREAD_POOL, Operation.QUOTE);
        return ("Supported. %s quotes of %s each took the styles %s to %s the critical path; the pool of 200 blocking "
                + "threads took %s at N = %s, and grows with N / 200.").formatted(n(n), latency,
                times(ratio.getMin()), times(ratio.getMax()),
                times(scale.of(Contenders.THREAD_POOL, Operation.QUOTE, pool).wallOverCriticalPath()), n(pool));
    }

    private String cpuBound() {
        DoubleSummaryStatistics flat = cpu.contenders().stream().filter(contender -> !contender.reference())
                .mapToDouble(cpu::flattening).filter(Double::isFinite).summaryStatistics();
        if (flat.getCount() == 0) {
            return "Not measured in this run.";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return ("Supported. With %d cores, %d plannings at once instead of %d bought the styles %s to %s the "
                + "throughput: the cores are the limit, whatever the style, threads or no threads (the quotes above "
                + "scale with N instead).").formatted(cores, cpu.mostAtOnce(), cores, times(flat.getMin()),
                times(flat.getMax()));
    }

    private String costs() {
        double floor = micro.stream().filter(result -> result.contender().equals(Contenders.FLOOR.name())
                && result.operation().equals(Operation.QUOTE.label())).findFirst()
                .map(JmhResult::cpuNanosPerOp).orElse(Double.NaN);
        DoubleSummaryStatistics cost = micro.stream()
                .filter(result -> !result.contender().equals(Contenders.FLOOR.name())
                        && result.operation().equals(Operation.QUOTE.label()))
                .mapToDouble(result -> result.cpuNanosPerOp() / floor).filter(Double::isFinite).summaryStatistics();
        String runtime = cost.getCount() == 0 ? "" : (" What they do show is the price at run time: a quote costs %s "
                + "to %s the CPU of calling the services directly.")
                .formatted(times(cost.getMin()), times(cost.getMax()));
        return "Not measured by benchmarks. The [failure report](failure-report.md) shows the traces each style "
                + "prints, and the README's pattern table the concepts each needs." + runtime;
    }

    private DoubleSummaryStatistics styles(ToDoubleFunction<ScaleSummary> figure, int n) {
        return scale.styles().stream().map(style -> scale.of(style, Operation.QUOTE, n))
                .mapToDouble(figure).filter(Double::isFinite).summaryStatistics();
    }
}
