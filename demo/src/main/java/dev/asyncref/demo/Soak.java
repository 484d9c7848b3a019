package dev.asyncref.demo;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The soak: a million placeOrder calls per style ({@code ./mvnw -Psoak verify}; {@code -Dsoak.orders=N} for
 * another count), in batches of a thousand at once ({@link SoakBatch}: calls of a millisecond, one in twenty
 * failing, one order in a hundred cancelled by its caller at a random moment). It checks that every order ends
 * exactly once, that everything acquired is given back exactly once, that no call is left in flight, and that
 * each style ends with no more platform threads than it had after its warm-up (the services, with their timer
 * wheel, are closed after each batch; the styles' own timers are not inspected); and that each give-back that
 * failed after its caller cancelled is logged once (R12.7), and nothing else at WARN or above ({@link
 * LoggedWarnings}, which counts them in place of the console). It prints each style's figures, and exits with
 * status 1 if any check failed anywhere.
 */
public final class Soak {

    private static final int BATCH = 1_000;
    private static final Duration THREADS_SETTLE = Duration.ofSeconds(10);
    private static final Duration LINES_SETTLE = Duration.ofSeconds(10);

    private Soak() {}

    public static void main(String[] args) throws InterruptedException {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> violations = new ArrayList<>();
        System.out.printf("Soak: %,d orders per style, %d at once; %.0f%% of calls fail, %.0f%% of orders are "
                + "cancelled by their caller.%n", orders, BATCH, 100 * SoakBatch.FAILING, 100 * SoakBatch.CANCELLED);
        System.out.println("| Style | Placed | Failed | Cancelled | Took | Threads after warm-up, peak, after "
                + "| Give-backs failed after a cancel, logged | Broken promises |");
        System.out.println("|---|--:|--:|--:|--:|---|--:|--:|");
        try (Styles styles = new Styles();
                LoggedWarnings logged = LoggedWarnings.counting();
                ScheduledExecutorService callers = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("soak-canceller").daemon().factory())) {
            for (Style style : styles.all()) {
                violations.addAll(soak(style, orders, callers, logged));
            }
        }
        violations.stream().limit(50).forEach(violation -> System.out.println("  " + violation));
        if (!violations.isEmpty()) {
            System.out.println(violations.size() + " broken promises.");
            System.exit(1);
        }
    }

    private static List<String> soak(Style style, int orders, ScheduledExecutorService callers,
            LoggedWarnings logged) throws InterruptedException {
        long atStart = logged.giveBacksFailed();
        // Warm-up: pools and schedulers start.
        SoakBatch.Figures warmUp = SoakBatch.run(style.pizzeria(), -BATCH, BATCH, callers);
        long loggedBefore = linesAtLeast(logged, atStart + warmUp.unheardGiveBackFailures());
        long othersBefore = logged.others();
        long unheard = 0;
        int threadsBefore = platformThreads();
        int peakThreads = threadsBefore;
        List<String> violations = new ArrayList<>();
        int placed = 0;
        int failed = 0;
        int cancelled = 0;
        long started = System.nanoTime();
        for (int first = 0; first < orders; first += BATCH) {
            SoakBatch.Figures batch = SoakBatch.run(style.pizzeria(), first, Math.min(BATCH, orders - first), callers);
            placed += batch.placed();
            failed += batch.failed();
            cancelled += batch.cancelled();
            unheard += batch.unheardGiveBackFailures();
            batch.violations().forEach(violation -> violations.add(style.name() + ": " + violation));
            peakThreads = Math.max(peakThreads, platformThreads());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int threadsAfter = threadsSettled(threadsBefore);
        if (threadsAfter > threadsBefore) {
            violations.add(style.name() + ": " + (threadsAfter - threadsBefore) + " more threads than after warm-up");
        }
        long loggedNow = linesAtLeast(logged, loggedBefore + unheard) - loggedBefore;
        if (loggedNow != unheard) {
            violations.add(style.name() + ": " + unheard + " give-backs failed after a cancel, " + loggedNow
                    + " logged (R12.7)");
        }
        if (logged.others() > othersBefore) {
            violations.add(style.name() + ": " + (logged.others() - othersBefore)
                    + " other warnings or errors logged, the first: " + logged.examples());
        }
        System.out.printf("| %s | %,d | %,d | %,d | %.1f s | %d, %d, %d | %,d of %,d | %d |%n", style.name(),
                placed, failed, cancelled, took.toMillis() / 1000.0, threadsBefore, peakThreads, threadsAfter,
                loggedNow, unheard, violations.size());
        return violations;
    }

    /**
     * The give-back failures logged so far, once there are {@code expected} or {@link #LINES_SETTLE} has passed:
     * each line is written just after its call's failure reaches the call log that the batch checks.
     */
    private static long linesAtLeast(LoggedWarnings logged, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + LINES_SETTLE.toNanos();
        while (logged.giveBacksFailed() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return logged.giveBacksFailed();
    }

    /** The live platform threads once the last batch's have had time to end. */
    private static int threadsSettled(int target) throws InterruptedException {
        long deadline = System.nanoTime() + THREADS_SETTLE.toNanos();
        while (platformThreads() > target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return platformThreads();
    }

    /** Live platform threads; the JDK counts no virtual threads short of a thread dump. */
    private static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
