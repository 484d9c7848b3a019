package dev.asyncref.demo;

import dev.asyncref.contract.Outcomes;
import dev.asyncref.demo.StreamScenario.Demand;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays a stream scenario against one style and observes what its subscriber got: the items' numbers, how the
 * stream ended (completed, failed, cancelled, or no end), and, once it ended by itself, how many calls it took.
 */
final class StreamScenarioRun implements Flow.Subscriber<Object> {

    /** How long a subscriber whose demand is met waits for an end that needs no more demand. */
    private static final Duration END_WITHOUT_DEMAND = Duration.ofSeconds(2);

    record Observed(List<Long> items, String ending, long calls) {}

    private final StreamScenario scenario;
    private final List<Long> items = new CopyOnWriteArrayList<>();
    private volatile Flow.Subscription subscription;
    private volatile String ending;

    private StreamScenarioRun(StreamScenario scenario) {
        this.scenario = scenario;
    }

    static Observed of(Function<Downstream, Pizzeria> style, StreamScenario scenario) {
        try (Downstream downstream = Downstream.start()) {
            SimulatedService<?, ?> service = scenario.stream() == StreamScenario.Kind.TRACK
                    ? downstream.tracking().updates("ada", scenario.items())
                    : downstream.history().orders("ada", scenario.items());
            if (scenario.failingCall() > 0) {
                service.failCalls(call -> call == scenario.failingCall());
            }
            if (scenario.hangs()) {
                service.hold();
            }
            StreamScenarioRun subscriber = new StreamScenarioRun(scenario);
            scenario.stream().of(style.apply(downstream)).subscribe(subscriber);
            if (scenario.hangs()) {
                Outcomes.eventually().until(() -> subscriber.ending != null || service.waiting() > 0);
                subscriber.cancel();
            }
            try {
                Outcomes.eventually().atMost(END_WITHOUT_DEMAND).until(() -> subscriber.ending != null);
            } catch (ConditionTimeoutException noEnd) {
                subscriber.ending = "no end within " + END_WITHOUT_DEMAND;
            }
            Outcomes.eventually().until(() -> downstream.inFlight() == 0);
            boolean endedByItself = !subscriber.ending.startsWith("cancelled") && !subscriber.ending.startsWith("no ");
            return new Observed(List.copyOf(subscriber.items), subscriber.ending, endedByItself ? service.calls() : -1);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        switch (scenario.demand()) {
            case ALL_AT_ONCE, CANCEL_IN_ON_NEXT -> subscription.request(Long.MAX_VALUE);
            case IN_CHUNKS -> subscription.request(scenario.chunkOrCancelAfter());
            case ONE_AT_A_TIME_IN_ON_NEXT -> subscription.request(1);
            case EXACTLY -> subscription.request(Math.max(1, scenario.items()));
        }
    }

    @Override
    public void onNext(Object item) {
        items.add(switch (item) {
            case OrderUpdate update -> update.sequence();
            case PastOrder order -> order.number();
            default -> -1L;
        });
        Demand demand = scenario.demand();
        if (demand == Demand.ONE_AT_A_TIME_IN_ON_NEXT) {
            subscription.request(1);
        } else if (demand == Demand.IN_CHUNKS && items.size() % scenario.chunkOrCancelAfter() == 0) {
            subscription.request(scenario.chunkOrCancelAfter());
        } else if (demand == Demand.CANCEL_IN_ON_NEXT && items.size() == scenario.chunkOrCancelAfter()) {
            cancel();
        }
    }

    @Override
    public void onError(Throwable failure) {
        ending = ending == null ? "failed: " + ObservedOutcome.outcome(failure) : ending + ", then failed";
    }

    @Override
    public void onComplete() {
        ending = ending == null ? "completed" : ending + ", then completed";
    }

    private void cancel() {
        if (ending == null) {
            ending = "cancelled after " + items.size();
        }
        subscription.cancel();
    }
}
