package dev.asyncref.benchmarks.scale;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria;
import dev.asyncref.virtualthreads.structured.StructuredPizzeria;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** Everything the scale runner measures, in the order the page shows them: three references, then the six styles. */
public enum Contenders {

    FLOOR("services direct", true, ServicesDirect::new),
    THREAD_POOL("thread pool (" + Pools.BLOCKING_POOL_SIZE + ")", true, ThreadPool::new),
    THREAD_PER_REQUEST("thread per request", true, ThreadPerRequest::new),
    CALLBACKS("callbacks", false, CallbacksStyle::new),
    FUTURES("futures", false, FuturesStyle::new),
    RXJAVA("RxJava", false, (services, pools) -> new RxJavaStyle(services)),
    REACTOR("Reactor", false, (services, pools) -> new ReactorStyle(services)),
    VIRTUAL_THREADS("virtual threads", false,
            (services, pools) -> new BlockingStyle(new VirtualThreadPizzeria(services))),
    STRUCTURED("structured", false, (services, pools) -> new BlockingStyle(new StructuredPizzeria(services)));

    private final String label;
    private final boolean reference;
    private final BiFunction<Downstream, Pools, Contender> factory;

    Contenders(String label, boolean reference, BiFunction<Downstream, Pools, Contender> factory) {
        this.label = label;
        this.reference = reference;
        this.factory = factory;
    }

    public String label() {
        return label;
    }

    /** A reference to compare the styles with, rather than a style. */
    public boolean reference() {
        return reference;
    }

    /**
     * Why this contender cannot run {@code n} operations at once on this machine within {@code longestRun},
     * or empty if it can. Only the blocking references have limits: a pool serves 200 at a time, and a
     * thread per request needs as many threads as the machine allows.
     */
    public Optional<String> cannotRun(Operation operation, int n, Duration latency, Duration longestRun) {
        return switch (this) {
            case THREAD_POOL -> {
                // Each thread blocks for a whole operation (or, in a fan-out, a whole call): the rest queue.
                long waves = ((long) n * operation.firstCalls() + Pools.BLOCKING_POOL_SIZE - 1)
                        / Pools.BLOCKING_POOL_SIZE;
                Duration expected = operation.criticalPath(latency).multipliedBy(waves);
                yield expected.compareTo(longestRun) > 0
                        ? Optional.of(String.format("would take about %,d s: %d at a time, %,d waves of %s",
                                expected.toSeconds(), Pools.BLOCKING_POOL_SIZE, waves, operation.criticalPath(latency)))
                        : Optional.empty();
            }
            case THREAD_PER_REQUEST -> {
                long threads = (long) n * (operation == Operation.BAKE ? 1 + operation.firstCalls() : 1);
                long limit = Machine.platformThreadLimit();
                yield threads > limit / 2
                        ? Optional.of(String.format(
                                "would need %,d platform threads; this machine allows about %,d (%s)", threads,
                                limit, Machine.platformThreadLimitReason()))
                        : Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    /**
     * The downstream calls in flight once {@code n} operations wait for their first answers: one or a
     * fan-out's worth each, but for the pool, which runs no more than its threads.
     */
    public long callsAtOnce(Operation operation, int n) {
        long wanted = (long) n * operation.firstCalls();
        return this == THREAD_POOL ? Math.min(wanted, Pools.BLOCKING_POOL_SIZE) : wanted;
    }

    /** The contenders of these names (as {@link #name()} gives them), in the page's order. */
    public static List<Contenders> named(Collection<String> names) {
        return Arrays.stream(values()).filter(contender -> names.contains(contender.name())).toList();
    }

    /** A contender for one run on {@code services}, with the threads it borrows from {@code pools}. */
    public Contender on(Downstream services, Pools pools) {
        return factory.apply(services, pools);
    }
}
