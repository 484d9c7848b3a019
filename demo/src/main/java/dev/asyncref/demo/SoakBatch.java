package dev.asyncref.demo;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PizzeriaException;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One batch of the soak: {@code size} orders placed at once on fresh services whose calls take a millisecond
 * and fail one time in twenty, a hundredth of them cancelled by their caller after a random wait; then the
 * checks, read from the call log: every order ended once, as a placed order, a domain failure or a
 * cancellation; what each acquired was given back exactly once unless it was placed; nothing is left in flight.
 * It also counts the give-backs that failed after their caller cancelled, each of which the style must log (R12.7).
 */
final class SoakBatch {

    static final double FAILING = 0.05;
    static final double CANCELLED = 0.01;
    private static final Duration LATENCY = Duration.ofMillis(1);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration CEILING = Duration.ofSeconds(60);

    /**
     * What a batch came to: the orders' ends, the give-backs that failed with nobody left to hear of it, and every
     * broken promise found, described.
     */
    record Figures(int placed, int failed, int cancelled, long unheardGiveBackFailures, List<String> violations) {}

    private SoakBatch() {}

    static Figures run(Function<Downstream, Pizzeria> style, int first, int size, ScheduledExecutorService callers)
            throws InterruptedException {
        Downstream.Settings settings = Downstream.Settings.defaults().withLatency(LATENCY)
                .withLogCapacity(size * 16);
        try (Downstream downstream = Downstream.start(settings)) {
            downstream.services().forEach(service ->
                    service.failCalls(call -> ThreadLocalRandom.current().nextDouble() < FAILING));
            Pizzeria pizzeria = style.apply(downstream);
            List<CompletableFuture<?>> orders = new ArrayList<>(size);
            List<AtomicInteger> endings = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                AtomicInteger ended = new AtomicInteger();
                CompletableFuture<?> order =
                        pizzeria.placeOrder(order(first + i), DEADLINE).toCompletableFuture();
                order.whenComplete((value, error) -> ended.incrementAndGet());
                if (ThreadLocalRandom.current().nextDouble() < CANCELLED) {
                    callers.schedule(() -> order.cancel(true), ThreadLocalRandom.current().nextLong(3_000),
                            TimeUnit.MICROSECONDS);
                }
                orders.add(order);
                endings.add(ended);
            }
            return check(downstream, orders, endings, first);
        }
    }

    private static Figures check(Downstream downstream, List<CompletableFuture<?>> orders, List<AtomicInteger> endings,
            int first) throws InterruptedException {
        List<String> violations = new ArrayList<>();
        int placed = 0;
        int failed = 0;
        int cancelled = 0;
        Set<String> cancelledBy = new HashSet<>();
        for (int i = 0; i < orders.size(); i++) {
            Object outcome = outcome(orders.get(i));
            switch (outcome) {
                case PlacedOrder ignored -> placed++;
                case CancellationException ignored -> {
                    cancelled++;
                    cancelledBy.add(customer(first + i));
                }
                case PizzeriaException ignored -> failed++;
                case null, default -> violations.add(customer(first + i) + " ended with " + outcome);
            }
        }
        long deadline = System.nanoTime() + CEILING.toNanos();
        List<String> unsettled = unsettled(downstream, orders, first);
        // Give-backs after a cancel run on after the outcome (R12.4); and get() may return before the completing
        // thread has run the stage's dependents, the ending count among them.
        while ((!unsettled.isEmpty() || endings.stream().anyMatch(ended -> ended.get() == 0))
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
            unsettled = unsettled(downstream, orders, first);
        }
        violations.addAll(unsettled);
        for (int i = 0; i < endings.size(); i++) {
            if (endings.get(i).get() != 1) {
                violations.add(customer(first + i) + " ended " + endings.get(i).get() + " times");
            }
        }
        if (downstream.droppedLogEntries() > 0) {
            violations.add(downstream.droppedLogEntries() + " call-log entries dropped: the checks saw part only");
        }
        Map<String, String> undoServices = downstream.undoServices();
        long unheard = downstream.log().stream().filter(event -> event.is(Kind.FAILED)
                && undoServices.containsValue(event.service()) && cancelledBy.contains(event.customer())).count();
        return new Figures(placed, failed, cancelled, unheard, violations);
    }

    /** The broken promises the log shows now: calls in flight, and holdings not given back exactly once. */
    private static List<String> unsettled(Downstream downstream, List<CompletableFuture<?>> orders, int first) {
        List<String> found = new ArrayList<>();
        if (downstream.inFlight() > 0) {
            found.add(downstream.inFlight() + " calls still in flight");
        }
        Map<String, String> undoServices = downstream.undoServices();
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (CallEvent event : downstream.log()) {
            boolean acquired = undoServices.containsKey(event.service()) && event.is(Kind.SUCCEEDED);
            boolean givenBack = undoServices.containsValue(event.service()) && event.is(Kind.STARTED);
            if (acquired || givenBack) {
                counts.computeIfAbsent(event.customer(), customer -> new HashMap<>())
                        .merge(event.service(), 1, Integer::sum);
            }
        }
        for (int i = 0; i < orders.size(); i++) {
            boolean kept = orders.get(i).isDone() && !orders.get(i).isCompletedExceptionally();
            String customer = customer(first + i);
            Map<String, Integer> ofOrder = counts.getOrDefault(customer, Map.of());
            undoServices.forEach((service, undo) -> {
                int acquired = ofOrder.getOrDefault(service, 0);
                int givenBack = ofOrder.getOrDefault(undo, 0);
                if (givenBack != (kept ? 0 : acquired) || acquired > 1) {
                    found.add(customer + ": " + service + " acquired " + acquired + ", " + undo + " " + givenBack
                            + (kept ? " (placed)" : ""));
                }
            });
        }
        return found;
    }

    private static Object outcome(CompletableFuture<?> order) throws InterruptedException {
        try {
            return order.get(CEILING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            return failed.getCause();
        } catch (CancellationException cancelled) {
            return cancelled;
        } catch (TimeoutException never) {
            return "nothing within " + CEILING;
        }
    }

    private static Order order(int number) {
        return Order.of(customer(number), Pizza.of("margherita"));
    }

    private static String customer(int number) {
        return "soak-" + number;
    }
}
