package dev.asyncref.demo;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The main job: one order through each of the six styles. The caller starts checkout, bake and a race
 * between couriers at once, watches TV while the services answer, and is told when each result arrives;
 * the timeline shows which thread did what, and the race's losers being cancelled. Each style is warmed up
 * first, so that the timeline shows the style rather than the JVM loading it. Then each of the other
 * patterns ({@link Pattern}) runs once per style, with what the services saw.
 */
public final class Demo {

    private static final Order ORDER = Order.of("ada",
            Pizza.of("margherita"), Pizza.of("funghi", "olives"), Pizza.of("diavola", "chili"));
    private static final Duration TV_EPISODE = Duration.ofMillis(60);
    private static final int WARM_UP_ROUNDS = 200;

    private Demo() {}

    public static void main(String[] args) throws InterruptedException {
        try (Styles all = new Styles()) {
            List<Style> styles = all.all();
            System.out.println("One order, " + ORDER.pizzas() + " for " + ORDER.customer() + ", in six styles.");
            for (Style style : styles) {
                run(style);
            }
            System.out.println();
            System.out.println("Each pattern in six styles: the result, and what the services saw.");
            for (Pattern pattern : Pattern.all()) {
                run(pattern, styles);
            }
        }
    }

    private static void run(Style style) throws InterruptedException {
        warmUp(style);
        try (Downstream downstream = Downstream.start()) {
            downstream.menu().latency(Duration.ofMillis(40));
            downstream.payments().latency(Duration.ofMillis(80));
            downstream.kitchen().latency(Duration.ofMillis(150));
            downstream.courier("bike").latency(Duration.ofMillis(70));
            downstream.courier("scooter").latency(Duration.ofMillis(50));
            downstream.courier("van").latency(Duration.ofMillis(120));
            Pizzeria pizzeria = style.pizzeria().apply(downstream);
            Timeline timeline = new Timeline();

            timeline.note("caller", "orders: checkout, bake and find a courier start now");
            CompletableFuture<Receipt> paid = pizzeria.checkout(ORDER).toCompletableFuture();
            CompletableFuture<List<BakedPizza>> baked = pizzeria.bake(ORDER).toCompletableFuture();
            CompletableFuture<CourierOffer> courier = pizzeria.findCourier(ORDER).toCompletableFuture();
            paid.whenComplete((receipt, error) -> timeline.note("result", "paid: " + receipt + orFailure(error)));
            baked.whenComplete((pizzas, error) -> timeline.note("result", "baked: " + pizzas + orFailure(error)));
            courier.whenComplete((offer, error) -> timeline.note("result", "courier: " + offer + orFailure(error)));
            timeline.note("caller", "got control back, watches TV");

            int episodes = 0;
            while (!CompletableFuture.allOf(paid, baked, courier).isDone()) {
                Thread.sleep(TV_EPISODE); // the demo's caller has nothing better to do: that is the point
                timeline.note("caller", "watched episode " + ++episodes);
            }

            System.out.println();
            System.out.println("== " + style.name() + " ==");
            timeline.print(downstream.log(), System.out);
        }
    }

    /**
     * Runs the timeline's three operations through the style, on services that answer at once, before its
     * timeline is taken: the first run of any code in a JVM loads and links its classes, tens of milliseconds
     * that a reader would take for the style's cost (a first call long after the order, a caller held up).
     */
    private static void warmUp(Style style) {
        try (Downstream downstream = Downstream.start()) {
            Pizzeria pizzeria = style.pizzeria().apply(downstream);
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                CompletableFuture.allOf(pizzeria.checkout(ORDER).toCompletableFuture(),
                        pizzeria.bake(ORDER).toCompletableFuture(),
                        pizzeria.findCourier(ORDER).toCompletableFuture()).join();
            }
        }
    }

    private static void run(Pattern pattern, List<Style> styles) {
        System.out.println();
        System.out.println("== " + pattern.title() + " ==");
        for (Style style : styles) {
            try (Downstream downstream = Downstream.start()) {
                pattern.setup().accept(downstream);
                long start = System.nanoTime();
                CompletableFuture<?> result = pattern.operation()
                        .apply(style.pizzeria().apply(downstream), ORDER).toCompletableFuture();
                String outcome = result.handle((value, error) -> error == null ? String.valueOf(value)
                        : error.getClass().getSimpleName() + ": " + error.getMessage()).join();
                System.out.printf("  %-23s %4d ms  %s%n  %-23s          %s%n", style.name(),
                        (System.nanoTime() - start) / 1_000_000, outcome, "", calls(downstream));
            }
        }
    }

    /** Per service: how many calls were made, and how many of them failed or were cancelled. */
    private static String calls(Downstream downstream) {
        Map<String, List<CallEvent>> byService = downstream.log().stream()
                .collect(Collectors.groupingBy(CallEvent::service, LinkedHashMap::new, Collectors.toList()));
        return byService.entrySet().stream()
                .map(service -> service.getKey()
                        + " " + plural(count(service.getValue(), CallEvent.Kind.STARTED), "call")
                        + withCount(" (%d failed)", service.getValue(), CallEvent.Kind.FAILED)
                        + withCount(" (%d cancelled)", service.getValue(), CallEvent.Kind.CANCELLED)
                        + atOnce(service.getValue())
                        + threadOf(service.getKey(), service.getValue()))
                .collect(Collectors.joining(", ", "services saw: ", ""));
    }

    /**
     * The most calls of one service in flight together, counted from its log, for a service called more than
     * once: a bounded batch shows its limit (R8), a hedge its overlap (R10), retries and streams one at a time.
     */
    private static String atOnce(List<CallEvent> events) {
        long inFlight = 0;
        long most = 0;
        for (CallEvent event : events) {
            inFlight += event.is(CallEvent.Kind.STARTED) ? 1 : -1;
            most = Math.max(most, inFlight);
        }
        return count(events, CallEvent.Kind.STARTED) > 1 ? " (at most " + most + " at once)" : "";
    }

    /** For the blocking lookup and the CPU-bound planning, the thread each ran on is the point (R18, R19). */
    private static String threadOf(String service, List<CallEvent> events) {
        if (!service.equals("addresses") && !service.equals("routes")) {
            return "";
        }
        return events.stream().filter(event -> event.is(CallEvent.Kind.STARTED)).findFirst()
                .map(event -> " on " + event.thread() + (event.virtualThread() ? " (virtual)" : "")).orElse("");
    }

    private static String withCount(String format, List<CallEvent> events, CallEvent.Kind kind) {
        long count = count(events, kind);
        return count == 0 ? "" : String.format(format, count);
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static long count(List<CallEvent> events, CallEvent.Kind kind) {
        return events.stream().filter(event -> event.is(kind)).count();
    }

    private static String orFailure(Throwable error) {
        return error == null ? "" : " failed: " + error;
    }
}
