package dev.asyncref.demo;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One pattern of the workload, staged so that it shows: the services' latencies and faults, and the
 * operation to run.
 *
 * @param title what it shows
 * @param setup scripts the services before the operation starts
 * @param operation the operation, started on a pizzeria
 */
record Pattern(String title, Consumer<Downstream> setup, BiFunction<Pizzeria, Order, CompletionStage<?>> operation) {

    private static final Duration SLOW = Duration.ofMillis(300);
    private static final Duration QUICK = Duration.ofMillis(20);
    private static final Duration LIMIT = Duration.ofMillis(100);

    static final Order BIG_ORDER = Order.of("grace",
            Pizza.of("margherita"), Pizza.of("marinara"), Pizza.of("funghi"), Pizza.of("diavola"),
            Pizza.of("quattro formaggi"), Pizza.of("hawaii"), Pizza.of("margherita", "basil"));

    static List<Pattern> all() {
        return List.of(
                new Pattern("bounded batch: 7 pizzas, at most 3 baking at once, results in order (R8)",
                        downstream -> downstream.kitchen().latency(QUICK),
                        (pizzeria, order) -> pizzeria.bakeBatch(BIG_ORDER, 3)
                                .thenApply(baked -> baked.stream().map(BakedPizza::pizza).toList())),
                new Pattern("collect-all batch, 3 at once: the funghi burns, the others are served (R8)",
                        downstream -> downstream.kitchen().latency(QUICK)
                                .failWhen(pizza -> pizza.name().equals("funghi")),
                        (pizzeria, order) -> pizzeria.bakeBatchOutcomes(BIG_ORDER, 3)
                                .thenApply(Pattern::countOutcomes)),
                new Pattern("timeout: the menu takes 300 ms, the caller waits 100 ms (R9)",
                        downstream -> downstream.menu().latency(SLOW),
                        (pizzeria, order) -> pizzeria.quoteWithin(order, LIMIT)),
                new Pattern("deadline: 100 ms for quote and charge together; the charge is slow (R9)",
                        downstream -> downstream.payments().latency(SLOW),
                        (pizzeria, order) -> pizzeria.checkoutWithin(order, LIMIT)),
                new Pattern("fallback: no courier offers within 100 ms, the own driver goes (R9)",
                        downstream -> downstream.couriers().forEach(courier -> courier.latency(SLOW)),
                        (pizzeria, order) -> pizzeria.findCourierWithin(order, LIMIT)),
                new Pattern("hedging: the first menu request is slow; a hedge after 50 ms wins (R10)",
                        downstream -> downstream.menu().latency(call -> call == 1, SLOW).latency(QUICK),
                        (pizzeria, order) -> pizzeria.quoteHedged(order, Duration.ofMillis(50))),
                new Pattern("retries: the menu fails twice, the third attempt answers (R11)",
                        downstream -> downstream.menu().failCalls(call -> call <= 2),
                        (pizzeria, order) -> pizzeria.quoteWithRetries(order,
                                new RetryPolicy(3, Duration.ofMillis(20), 0.5))),
                new Pattern("compensation: the booking fails; the charge is refunded, the stock released (R12)",
                        downstream -> downstream.dispatch().failWhen(any -> true),
                        (pizzeria, order) -> pizzeria.placeOrder(order, Duration.ofSeconds(1))),
                new Pattern("tracking: a stream of the order's updates, one long-poll each (R13)",
                        downstream -> downstream.tracking().latency(QUICK),
                        (pizzeria, order) -> FirstItems.of(pizzeria.track(order), Long.MAX_VALUE)
                                .thenApply(updates -> updates.stream().map(OrderUpdate::status).toList())),
                new Pattern("pagination: the first 7 of 12 past orders take 2 pages of 5, no more (R14)",
                        downstream -> downstream.history().latency(QUICK),
                        (pizzeria, order) -> FirstItems.of(pizzeria.history(order.customer()), 7)
                                .thenApply(orders -> orders.stream().map(PastOrder::pizza).toList())),
                new Pattern(
                        "blocking and CPU-bound: a legacy lookup blocks 50 ms, then the route is planned (R18, R19)",
                        downstream -> downstream.addresses().latency(Duration.ofMillis(50)),
                        Pizzeria::planDelivery),
                new Pattern("readable failure: request-7's charge is declined; the failure says so (R17, R20)",
                        downstream -> downstream.payments().failWhen(any -> true),
                        (pizzeria, order) -> CallerRequest.as("request-7", () -> pizzeria.checkout(order))));
    }

    private static String countOutcomes(List<BakeOutcome> outcomes) {
        long failed = outcomes.stream().filter(BakeOutcome.Failed.class::isInstance).count();
        return (outcomes.size() - failed) + " baked, " + failed + " failed";
    }

}
