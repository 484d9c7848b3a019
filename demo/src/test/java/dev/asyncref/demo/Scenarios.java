package dev.asyncref.demo;

import dev.asyncref.demo.OperationCall.Kind;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Generates scenarios from a seed, and the simpler variants of one, for {@link SixStylesAgreeTest}.
 *
 * <p>Hand-written, not jqwik (the usual property-testing library on the JUnit Platform): jqwik 1.10 prints on
 * every run that AI agents must not use it, and this repository is maintained with AI agents. What jqwik would
 * add beyond this file is its shrinking; {@link #simpler} is a plain greedy version of it: each variant changes
 * one thing towards "everything answers, one valid pizza".
 */
final class Scenarios {

    /** A timer meant to fire: only scenarios in which a call hangs get one, so it never races an answer. */
    static final Duration SHORT = Duration.ofMillis(30);
    /** A deadline meant to fire at a hanging later step, once the steps before it have answered. */
    static final Duration STEPS = Duration.ofMillis(300);
    static final Duration LONG = Duration.ofMinutes(10);
    static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    /** The longest first backoff a retry policy may have. */
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);

    /** Give-backs may fail but never hang: one that hangs keeps its operation from ever ending (R12.2). */
    private static final List<String> GIVE_BACKS = List.of("payments.refund", "stock.release", "dispatch.cancel");
    private static final List<String> TOPPINGS = List.of("basil", "olives", "chili");
    private static final List<Duration> INVALID_TIMERS =
            List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(Long.MIN_VALUE));
    private static final List<RetryPolicy> INVALID_POLICIES = List.of(
            new RetryPolicy(0, Duration.ofMillis(1), 0), new RetryPolicy(11, Duration.ofMillis(1), 0),
            new RetryPolicy(2, null, 0), new RetryPolicy(2, Duration.ZERO, 0),
            new RetryPolicy(2, Duration.ofMinutes(2), 0), new RetryPolicy(2, Duration.ofMillis(1), 1),
            new RetryPolicy(2, Duration.ofMillis(1), Double.NaN));
    private static final List<Order> INVALID_ORDERS = List.of(
            Order.of(" ", Pizza.of("margherita")),
            new Order(null, List.of(Pizza.of("margherita"))),
            Order.of("ada"),
            new Order("ada", Collections.nCopies(11, Pizza.of("margherita"))),
            new Order("ada", nullAt(2)),
            Order.of("ada", Pizza.of("sushi")),
            Order.of("ada", Pizza.of("funghi", "a", "b", "c", "d", "e", "f")));
    private static final Order SIMPLEST_ORDER = Order.of("ada", Pizza.of("margherita"));

    private Scenarios() {}

    /** A scenario whose operation meets services that each answer or, one time in two, misbehave. */
    static Scenario random(RandomGenerator random) {
        OperationCall call = call(random);
        Map<String, ServiceBehaviour> services = new HashMap<>();
        for (String service : call.kind().services()) {
            // Which of several calls at once is call 1 is chance: a fan-out's service is never FLAKY.
            services.put(service, GIVE_BACKS.contains(service) || service.equals("routes")
                    ? behaviour(random, ServiceBehaviour.FAILS)
                    : service.equals("kitchen") ? behaviour(random, ServiceBehaviour.FAILS, ServiceBehaviour.REJECTS,
                            ServiceBehaviour.HANGS, ServiceBehaviour.SOME_FAIL)
                    : call.kind().races() ? behaviour(random, ServiceBehaviour.FAILS, ServiceBehaviour.REJECTS,
                            ServiceBehaviour.HANGS)
                    : behaviour(random, ServiceBehaviour.FAILS, ServiceBehaviour.REJECTS, ServiceBehaviour.FLAKY,
                            ServiceBehaviour.HANGS));
        }
        return playable(new Scenario(call, order(random), Map.copyOf(services), random.nextBoolean(),
                random.nextBoolean()));
    }

    /** Variants of {@code scenario}, each one step simpler, simplest first. */
    static List<Scenario> simpler(Scenario scenario) {
        List<Scenario> variants = new ArrayList<>();
        new TreeMap<>(scenario.services()).forEach((service, behaviour) -> {
            if (behaviour != ServiceBehaviour.ANSWERS) {
                Map<String, ServiceBehaviour> answering = new HashMap<>(scenario.services());
                answering.put(service, ServiceBehaviour.ANSWERS);
                variants.add(with(scenario, scenario.call(), scenario.order(), answering, scenario.cancelsAtHang(),
                        scenario.cancelsInPause()));
            }
        });
        if (scenario.cancelsAtHang()) {
            variants.add(with(scenario, scenario.call(), scenario.order(), scenario.services(), false,
                    scenario.cancelsInPause()));
        }
        if (scenario.cancelsInPause()) {
            variants.add(with(scenario, scenario.call(), scenario.order(), scenario.services(),
                    scenario.cancelsAtHang(), false));
        }
        Order order = scenario.order();
        if (order != null && order.pizzas() != null && order.pizzas().size() > 1) {
            variants.add(with(scenario, scenario.call(), new Order(order.customer(), order.pizzas().subList(0, 1)),
                    scenario.services(), scenario.cancelsAtHang(), scenario.cancelsInPause()));
        }
        if (!SIMPLEST_ORDER.equals(order)) {
            variants.add(with(scenario, scenario.call(), SIMPLEST_ORDER, scenario.services(),
                    scenario.cancelsAtHang(), scenario.cancelsInPause()));
        }
        return variants.stream().filter(variant -> !variant.equals(scenario)).distinct().toList();
    }

    private static Scenario with(Scenario scenario, OperationCall call, Order order,
            Map<String, ServiceBehaviour> services, boolean cancelsAtHang, boolean cancelsInPause) {
        return playable(new Scenario(call, order, Map.copyOf(services), cancelsAtHang, cancelsInPause));
    }

    /**
     * A scenario in which something hangs and nothing but the operation's timer would end it gets a short timer
     * (long enough for the steps before the hanging one, when there are some); any other gets no short timer,
     * which would race the answers or the caller's cancel.
     */
    static Scenario playable(Scenario scenario) {
        OperationCall call = scenario.call();
        if (scenario.callerCancelsInPause()) {
            return withPause(scenario, call);
        }
        Duration timer = call.timer();
        boolean valid = timer != null && timer.isPositive();
        if (!valid || !(call.kind().timed() || call.kind() == Kind.QUOTE_HEDGED)) {
            return scenario;
        }
        // A hedge waits for its delay even after the first request failed (R10.4).
        boolean endsOnlyByTimer = call.kind() == Kind.QUOTE_HEDGED
                ? scenario.of("menu") != ServiceBehaviour.ANSWERS && scenario.of("menu") != ServiceBehaviour.HANGS
                : scenario.hangs() && !scenario.callerCancels() && !scenario.raceCanBeWon();
        Duration fitting;
        if (endsOnlyByTimer) {
            fitting = call.kind() == Kind.CHECKOUT_WITHIN || call.kind() == Kind.PLACE_ORDER ? STEPS : SHORT;
        } else {
            fitting = timer.equals(SHORT) || timer.equals(STEPS) ? LONG : timer;
        }
        return new Scenario(new OperationCall(call.kind(), fitting, call.count(), call.policy()), scenario.order(),
                scenario.services(), scenario.cancelsAtHang(), scenario.cancelsInPause());
    }

    /** The scenario with a pause long enough that the caller's cancel, not the timer, ends it. */
    private static Scenario withPause(Scenario scenario, OperationCall call) {
        OperationCall paused = call.kind() == Kind.QUOTE_HEDGED
                ? new OperationCall(call.kind(), LONG, call.count(), call.policy())
                : new OperationCall(call.kind(), call.timer(), call.count(), new RetryPolicy(
                        call.policy().attempts(), LONGEST_BACKOFF, call.policy().jitter()));
        return new Scenario(paused, scenario.order(), scenario.services(), scenario.cancelsAtHang(),
                scenario.cancelsInPause());
    }

    private static OperationCall call(RandomGenerator random) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        return new OperationCall(kind, timer(random), ovens(random), policy(random));
    }

    private static Duration timer(RandomGenerator random) {
        int dice = random.nextInt(10);
        return dice < 7 ? (random.nextBoolean() ? SHORT : LONG)
                : dice == 7 ? LONGEST
                : dice == 8 ? pick(random, INVALID_TIMERS)
                : null;
    }

    private static int ovens(RandomGenerator random) {
        return random.nextInt(7) < 6 ? random.nextInt(1, 11)
                : pick(random, List.of(0, -1, 11, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private static RetryPolicy policy(RandomGenerator random) {
        int dice = random.nextInt(8);
        return dice < 6 ? new RetryPolicy(random.nextInt(1, 5), Duration.ofMillis(1), random.nextBoolean() ? 0 : 0.5)
                : dice == 6 ? pick(random, INVALID_POLICIES)
                : null;
    }

    private static Order order(RandomGenerator random) {
        int dice = random.nextInt(7);
        if (dice == 5) {
            return pick(random, INVALID_ORDERS);
        }
        if (dice == 6) {
            return null;
        }
        List<String> names = Menu.pizzaNames().stream().sorted().toList(); // a set's order differs per run
        List<Pizza> pizzas = IntStream.range(0, random.nextInt(1, 5))
                .mapToObj(i -> new Pizza(pick(random, names),
                        List.copyOf(TOPPINGS.subList(0, random.nextInt(0, 3)))))
                .toList();
        return new Order(random.nextBoolean() ? "ada" : "grace", pizzas);
    }

    private static ServiceBehaviour behaviour(RandomGenerator random, ServiceBehaviour... misbehaviours) {
        return random.nextBoolean() ? ServiceBehaviour.ANSWERS : misbehaviours[random.nextInt(misbehaviours.length)];
    }

    private static <T> T pick(RandomGenerator random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static List<Pizza> nullAt(int position) {
        List<Pizza> pizzas = new ArrayList<>(Collections.nCopies(3, Pizza.of("margherita")));
        pizzas.set(position - 1, null);
        return pizzas;
    }
}
