package dev.asyncref.downstream;

import dev.asyncref.domain.Address;
import dev.asyncref.domain.Route;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Local, CPU-bound work: the shortest way through the city grid to an address, by breadth-first search over
 * 90,000 cells. Unlike the services it has no latency and no thread of its own: {@link #plan} computes on
 * the caller's thread, which is the point of rule R19 (which thread that should be). It is counted and
 * logged like a service ({@code routes} in the call log), and held like one: {@link #hold()} makes every
 * planning keep computing, burning its core, until {@link #open()}, so that tests can keep cores busy for as
 * long as they need.
 *
 * <p><b>Cancellation</b> is cooperative, as it is for any computation on the JVM: {@link #plan} polls the
 * {@code cancelled} supplier every 1,024 cells and stops with {@link CancellationException} once it answers
 * true. Interrupting the thread does nothing unless the supplier reads the interrupt.
 */
public final class RoutePlanner {

    private static final int CHECK_EVERY = 1_024;

    // The four moves from a cell, in the order they are tried: along x, back, along y, back.
    private static final int[] STEP_X = {1, -1, 0, 0};
    private static final int[] STEP_Y = {0, 0, 1, -1};

    private final CallLog log;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private volatile Predicate<? super Address> unreachable = to -> false;
    private volatile boolean held;
    private volatile boolean closed;

    RoutePlanner(CallLog log) {
        this.log = log;
    }

    /**
     * Plans the route on the calling thread.
     *
     * @throws CancellationException once {@code cancelled} answers true, or the planner is closed
     * @throws IllegalStateException when no road reaches {@code to} ({@link #failWhen})
     */
    public Route plan(Address to, BooleanSupplier cancelled) {
        if (closed) {
            throw new IllegalStateException("routes is closed");
        }
        long number = calls.incrementAndGet();
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        log.record("routes", number, CallEvent.Kind.STARTED, to);
        try {
            if (unreachable.test(to)) {
                log.record("routes", number, CallEvent.Kind.FAILED, to);
                throw new IllegalStateException("routes: no road reaches " + to);
            }
            int blocks;
            do {
                blocks = search(to, () -> closed || cancelled.getAsBoolean());
            } while (held);
            log.record("routes", number, CallEvent.Kind.SUCCEEDED, to);
            return new Route(to, blocks);
        } catch (CancellationException stopped) {
            log.record("routes", number, CallEvent.Kind.CANCELLED, to);
            throw new CancellationException("routes: planning " + number + " stopped");
        } finally {
            running.decrementAndGet();
        }
    }

    /** Plannings to an address {@code which} matches fail, as for one no road reaches. */
    public void failWhen(Predicate<? super Address> which) {
        unreachable = which;
    }

    /** From now on, plannings keep computing until {@link #open()} or their cancellation. */
    public void hold() {
        held = true;
    }

    /** Held plannings finish their current search and answer. */
    public void open() {
        held = false;
    }

    /** Plannings started so far. */
    public long calls() {
        return calls.get();
    }

    /** Plannings computing right now. */
    public int running() {
        return running.get();
    }

    /** The highest {@link #running()} seen so far. */
    public int maxRunning() {
        return maxRunning.get();
    }

    /** Stops every planning at its next check; later plannings are refused. */
    void close() {
        closed = true;
    }

    private static int search(Address to, BooleanSupplier stop) {
        int size = AddressBook.GRID;
        int[] distance = new int[size * size];
        Arrays.fill(distance, -1);
        int[] queue = new int[size * size];
        int head = 0;
        int tail = 0;
        queue[tail++] = 0;
        distance[0] = 0;
        int target = to.x() * size + to.y();
        while (head < tail) {
            if (head % CHECK_EVERY == 0 && stop.getAsBoolean()) {
                throw new CancellationException();
            }
            int cell = queue[head++];
            if (cell == target) {
                return distance[cell];
            }
            int x = cell / size;
            int y = cell % size;
            for (int move = 0; move < STEP_X.length; move++) {
                int nx = x + STEP_X[move];
                int ny = y + STEP_Y[move];
                if (nx >= 0 && nx < size && ny >= 0 && ny < size && !wall(nx, ny) && distance[nx * size + ny] < 0) {
                    distance[nx * size + ny] = distance[cell] + 1;
                    queue[tail++] = nx * size + ny;
                }
            }
        }
        throw new IllegalStateException("no way to " + to);
    }

    // Walls along every fourth column, with a gap every ten cells: the way to most addresses winds.
    private static boolean wall(int x, int y) {
        return x % 4 == 2 && y % 10 != 5;
    }
}
