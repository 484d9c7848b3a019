package dev.asyncref.benchmarks.report;

import java.util.Arrays;

/** The figure the page quotes of several runs: their median, the middle one or the mean of the two middle ones. */
final class Median {

    private Median() {}

    /** The median of {@code values}, or NaN when there are none. */
    static double of(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
