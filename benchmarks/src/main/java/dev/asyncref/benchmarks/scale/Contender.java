package dev.asyncref.benchmarks.scale;

/**
 * One way of running the workload on one set of simulated services, as the scale runner measures it: a style
 * driven through its own API, as its callers would drive it, or a reference. It is built for one run and
 * closed after it.
 */
public interface Contender extends AutoCloseable {

    /**
     * Starts operation {@code id} on {@link Operation#ORDER} and returns as soon as the contender lets its
     * caller go; the outcome reaches {@link Tally#ended} exactly once, on whatever thread the contender ends
     * it. Throwing is an ending too: the runner counts it as a failure.
     */
    void start(Operation operation, int id, Tally tally);

    /** Gives back what the contender holds for this run alone; shared pools outlive it. */
    @Override
    default void close() {}
}
