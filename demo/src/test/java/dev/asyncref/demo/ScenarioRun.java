package dev.asyncref.demo;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import dev.asyncref.contract.Outcomes;

import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays a scenario against one style on fresh services, as a caller would, and observes the outcome. Only
 * order of events is waited for: the outcome, or a call waiting at a hanging service's gate.
 */
final class ScenarioRun {

    /** The services whose calls come one after another, so that their count is the same in every style. */
    private static final Set<String> SEQUENTIAL = Set.of("menu", "payments", "stock", "dispatch", "payments.refund",
            "stock.release", "dispatch.cancel", "addresses");

    private ScenarioRun() {}

    static ObservedOutcome of(Function<Downstream, Pizzeria> style, Scenario scenario) {
        try (Downstream downstream = Downstream.start()) {
            downstream.services().forEach(service -> scenario.of(service.name()).applyTo(service));
            scenario.of("routes").applyTo(downstream.routes());
            Pizzeria pizzeria = style.apply(downstream);

            CompletionStage<?> stage = scenario.call().on(pizzeria, scenario.order());
            if (scenario.callerCancels()) {
                Outcomes.eventually()
                        .until(() -> stage.toCompletableFuture().isDone() || hanging(downstream, scenario));
                stage.toCompletableFuture().cancel(true);
            } else if (scenario.callerCancelsInPause()) {
                Outcomes.eventually().until(() -> stage.toCompletableFuture().isDone() || downstream.inFlight() == 0
                        && downstream.log().stream().anyMatch(event -> event.is(Kind.FAILED)));
                stage.toCompletableFuture().cancel(true);
            }
            Object delivered = Outcomes.outcomeOf(stage);
            boolean givesBackAll = scenario.call().kind() == OperationCall.Kind.PLACE_ORDER
                    && !(delivered instanceof PlacedOrder);
            settle(downstream, givesBackAll);
            String outcome = ObservedOutcome.outcome(delivered);
            List<CallEvent> log = downstream.log();
            return new ObservedOutcome(outcome, started(log, scenario), acquired(downstream, log),
                    givenBack(downstream, log), downstream.inFlight());
        }
    }

    private static boolean hanging(Downstream downstream, Scenario scenario) {
        return downstream.services().stream().filter(service -> scenario.of(service.name()) == ServiceBehaviour.HANGS)
                .anyMatch(service -> service.waiting() > 0);
    }

    /**
     * Waits until no call is in flight and, when what was acquired must all be given back, until it has been:
     * after a cancel the give-backs run on after the outcome (R12.4), one at a time, so that between two of them
     * nothing is in flight. What never settles is observed as it stands after the ceiling.
     */
    private static void settle(Downstream downstream, boolean givesBackAll) {
        try {
            Outcomes.eventually().until(() -> downstream.inFlight() == 0
                    && (!givesBackAll || endedGiveBacks(downstream) == acquired(downstream, downstream.log())
                            .values().stream().mapToLong(Long::longValue).sum()));
        } catch (ConditionTimeoutException unsettled) {
            // Observed as it stands: calls left in flight, or something never given back.
        }
    }

    private static long endedGiveBacks(Downstream downstream) {
        return downstream.log().stream()
                .filter(event -> !event.is(Kind.STARTED) && downstream.undoServices().containsValue(event.service()))
                .count();
    }

    private static Map<String, Long> started(List<CallEvent> log, Scenario scenario) {
        return log.stream()
                .filter(event -> event.is(Kind.STARTED) && SEQUENTIAL.contains(event.service())
                        && scenario.of(event.service()) != ServiceBehaviour.HANGS)
                .collect(groupingBy(CallEvent::service, counting()));
    }

    private static Map<String, Long> acquired(Downstream downstream, List<CallEvent> log) {
        return log.stream()
                .filter(event -> event.is(Kind.SUCCEEDED) && downstream.undoServices().containsKey(event.service()))
                .collect(groupingBy(CallEvent::service, counting()));
    }

    private static Map<String, Long> givenBack(Downstream downstream, List<CallEvent> log) {
        return log.stream()
                .filter(event -> event.is(Kind.SUCCEEDED) && downstream.undoServices().containsValue(event.service()))
                .collect(groupingBy(CallEvent::service, counting()));
    }
}
