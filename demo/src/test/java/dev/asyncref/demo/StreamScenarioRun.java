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
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays a stream scenario against one style and observes what each subscriber got: the items' numbers and how its
 * stream ended (completed, failed, cancelled, or no end); and, once every stream ended by itself or was cancelled
 * before anything, how many calls they took.
 */
final class StreamScenarioRun implements Flow.Subscriber<Object> {

    /** How long a subscriber whose demand is met waits for an end that needs no more demand. */
    private static final Duration END_WITHOUT_DEMAND = Duration.ofSeconds(2);

    record Seen(List<Long> items, String ending) {}

    record Observed(List<Seen> subscribers, long calls) {}

    private final StreamScenario scenario;
    private final List<Long> items = new CopyOnWriteArrayList<>();
    // One permit per item or end, for the thread that asks one at a time from outside onNext.
    private final Semaphore delivered = new Semaphore(0);
    private volatile Flow.Subscription subscription;
    private volatile String ending;
    private volatile Thread asker;

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
            Flow.Publisher<?> publisher = scenario.stream().of(style.apply(downstream), scenario.customer());
            List<StreamScenarioRun> subscribers = Stream.generate(() -> new StreamScenarioRun(scenario))
                    .limit(scenario.twoSubscribers() ? 2 : 1).toList();
            subscribers.forEach(publisher::subscribe);
            if (scenario.hangs()) {
                StreamScenarioRun subscriber = subscribers.getFirst();
                Outcomes.eventually().until(() -> subscriber.ending != null || service.waiting() > 0);
                subscriber.cancel();
            }
            subscribers.forEach(StreamScenarioRun::awaitEnd);
            Outcomes.eventually().until(() -> downstream.inFlight() == 0);
            boolean counted = scenario.demand() == Demand.CANCEL_IN_ON_SUBSCRIBE
                    || subscribers.stream().allMatch(StreamScenarioRun::endedByItself);
            return new Observed(subscribers.stream().map(run -> new Seen(List.copyOf(run.items), run.ending)).toList(),
                    counted ? service.calls() : -1);
        }
    }

    private void awaitEnd() {
        try {
            Outcomes.eventually().atMost(END_WITHOUT_DEMAND).until(() -> ending != null);
        } catch (ConditionTimeoutException noEnd) {
            ending = "no end within " + END_WITHOUT_DEMAND;
        }
        if (asker != null) {
            asker.interrupt();
        }
    }

    private boolean endedByItself() {
        return !ending.startsWith("cancelled") && !ending.startsWith("no ");
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        switch (scenario.demand()) {
            case ALL_AT_ONCE, CANCEL_IN_ON_NEXT -> subscription.request(Long.MAX_VALUE);
            case IN_CHUNKS -> subscription.request(scenario.chunkOrCancelAfter());
            case ONE_AT_A_TIME_IN_ON_NEXT -> subscription.request(1);
            case EXACTLY -> subscription.request(Math.max(1, scenario.items()));
            case FROM_ANOTHER_THREAD -> asker = Thread.ofPlatform().name("asker").start(this::askOneAtATime);
            case CANCEL_IN_ON_SUBSCRIBE -> {
                cancel();
                subscription.request(Long.MAX_VALUE); // after a cancel, asks for nothing (Reactive Streams 3.6)
            }
        }
    }

    private void askOneAtATime() {
        try {
            while (ending == null) {
                subscription.request(1);
                delivered.acquire();
            }
        } catch (InterruptedException stopped) {
            // the run is over: its stream never ended
        }
    }

    @Override
    public void onNext(Object item) {
        items.add(switch (item) {
            case OrderUpdate update -> update.sequence();
            case PastOrder order -> order.number();
            default -> -1L;
        });
        delivered.release();
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
        delivered.release();
    }

    @Override
    public void onComplete() {
        ending = ending == null ? "completed" : ending + ", then completed";
        delivered.release();
    }

    private void cancel() {
        if (ending == null) {
            ending = "cancelled after " + items.size();
        }
        subscription.cancel();
        delivered.release();
    }
}
