package dev.asyncref.benchmarks.report;

import dev.asyncref.benchmarks.scale.Contenders;
import dev.asyncref.benchmarks.scale.Operation;
import dev.asyncref.benchmarks.scale.RunResult;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The scale runner's results, looked up the way the page reads them. */
final class ScaleResults {

    private final List<RunResult> all;
    private final List<Contenders> contenders;
    private final List<Operation> operations;
    private final List<Integer> ns;

    ScaleResults(List<RunResult> all) {
        this.all = all;
        this.contenders = ScaleSummary.contenders(all);
        this.operations = ScaleSummary.scaleOperations(all);
        this.ns = ScaleSummary.ns(all);
    }

    List<Contenders> contenders() {
        return contenders;
    }

    List<Contenders> styles() {
        return contenders.stream().filter(contender -> !contender.reference()).toList();
    }

    List<Operation> operations() {
        return operations;
    }

    List<Integer> ns() {
        return ns;
    }

    int largestN() {
        return ns.getLast();
    }

    ScaleSummary of(Contenders contender, Operation operation, int n) {
        return ScaleSummary.of(all, contender, operation, n);
    }

    /** A figure of the floor for the same operation and N: the reference every ratio is taken to. */
    double floor(Operation operation, int n, ToDoubleFunction<ScaleSummary> figure) {
        return figure.applyAsDouble(of(Contenders.FLOOR, operation, n));
    }

    /** The largest N at which {@code contender} was timed for {@code operation}, or 0. */
    int largestMeasuredN(Contenders contender, Operation operation) {
        return ns.stream().filter(n -> of(contender, operation, n).measured()).reduce((a, b) -> b).orElse(0);
    }

    /** Every run of every cell ended each operation exactly once. */
    boolean allAccounted() {
        return all.stream().allMatch(RunResult::accounted);
    }
}
