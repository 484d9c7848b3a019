package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.Page;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * R15 (with R14.2 and R14.3 for pages): exact demand accounting, for both streams. A fast producer (answers at
 * once, thousands of items) and a subscriber that requests 1, then 20 more, then {@code Long.MAX_VALUE}: at
 * every point it receives exactly what it asked for, in order, and the calls made stay within what it
 * requested plus the stream's stated prefetch: {@link #BUFFER} items for tracking, none beyond the page for
 * history.
 */
public interface BackpressureContract extends PizzeriaUnderTest {

    /** The most items a stream may fetch beyond what its subscriber has requested (R15.1). */
    int BUFFER = 16;

    /** The second request, after the first item. */
    long MORE = 20;

    /** The two streams, each with a long run of items and its own bound on calls for a demand. */
    enum Stream {
        /** One call per update, up to {@link #BUFFER} updates ahead of demand; one more call finds the end. */
        TRACK(10_000, items -> items + 1, demand -> demand + BUFFER) {
            @Override
            Flow.Publisher<?> subscribe(Pizzeria pizzeria, Downstream downstream) {
                downstream.tracking().updates(ONE_PIZZA.customer(), items);
                return pizzeria.track(ONE_PIZZA);
            }

            @Override
            SimulatedService<?, ?> service(Downstream downstream) {
                return downstream.tracking();
            }

            @Override
            long sequenceOf(Object item) {
                return ((OrderUpdate) item).sequence();
            }
        },
        /** One call per page, and a page only once the pages before cannot meet the demand (R14.3). */
        HISTORY(1_000, items -> items / Page.SIZE, demand -> (demand + Page.SIZE - 1) / Page.SIZE) {
            @Override
            Flow.Publisher<?> subscribe(Pizzeria pizzeria, Downstream downstream) {
                downstream.history().orders("ada", items);
                return pizzeria.history("ada");
            }

            @Override
            SimulatedService<?, ?> service(Downstream downstream) {
                return downstream.history();
            }

            @Override
            long sequenceOf(Object item) {
                return ((PastOrder) item).number();
            }
        };

        final long items;
        private final LongUnaryOperator callsForAll;
        private final LongUnaryOperator mostCallsFor;

        Stream(long items, LongUnaryOperator callsForAll, LongUnaryOperator mostCallsFor) {
            this.items = items;
            this.callsForAll = callsForAll;
            this.mostCallsFor = mostCallsFor;
        }

        abstract Flow.Publisher<?> subscribe(Pizzeria pizzeria, Downstream downstream);

        abstract SimulatedService<?, ?> service(Downstream downstream);

        abstract long sequenceOf(Object item);

        /** The most calls a demand of {@code demand} items may cost. */
        long mostCallsFor(long demand) {
            return mostCallsFor.applyAsLong(demand);
        }

        /** The calls the whole stream takes. */
        long callsForAll() {
            return callsForAll.applyAsLong(items);
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @ParameterizedTest(name = "R15.1 {0}")
    @EnumSource(Stream.class)
    default void r15_1_aSubscriberGetsExactlyWhatItRequestsAndTheCallsStayWithinItsDemand(
            Stream stream, Pizzeria pizzeria, Downstream downstream) {
        SimulatedService<?, ?> service = stream.service(downstream);
        RecordingSubscriber<?> subscriber = subscribeTo(stream.subscribe(pizzeria, downstream));

        subscriber.request(1);
        assertDelivered(stream, subscriber.awaitItems(1), 1);
        assertThat(service.calls()).as("R15.1: calls for a demand of 1").isBetween(1L, stream.mostCallsFor(1));

        subscriber.request(MORE);
        assertDelivered(stream, subscriber.awaitItems(1 + (int) MORE), 1 + MORE);
        assertThat(service.calls()).as("R15.1: calls for a demand of %d", 1 + MORE)
                .isLessThanOrEqualTo(stream.mostCallsFor(1 + MORE));

        subscriber.request(Long.MAX_VALUE);
        subscriber.awaitTermination();
        assertDelivered(stream, subscriber.items(), stream.items);
        assertThat(subscriber.completions()).as("R15.1: then it completes, once").isOne();
        assertThat(subscriber.errors()).isEmpty();
        assertThat(service.calls()).as("R15.1: one call per %s, no more", stream == Stream.TRACK ? "update" : "page")
                .isEqualTo(stream.callsForAll());
    }

    /**
     * "Never more than" is an absence: a stream that fetches ahead does so after the items the test waits for,
     * so the calls are watched for {@link Periods#QUIET} after each demand is met. A stream that fetches ahead
     * more slowly than that passes falsely.
     */
    @ParameterizedTest(name = "R15.1 {0}")
    @EnumSource(Stream.class)
    @Stochastic
    default void stochastic_r15_1_noStreamFetchesBeyondItsDemandAndPrefetch(
            Stream stream, Pizzeria pizzeria, Downstream downstream) {
        SimulatedService<?, ?> service = stream.service(downstream);
        RecordingSubscriber<?> subscriber = subscribeTo(stream.subscribe(pizzeria, downstream));

        subscriber.request(1);
        subscriber.awaitItems(1);
        assertStaysTrue("R15.1: calls within a demand of 1 and the prefetch",
                () -> service.calls() <= stream.mostCallsFor(1) && subscriber.items().size() == 1);
        subscriber.request(MORE);
        subscriber.awaitItems(1 + (int) MORE);
        assertStaysTrue("R15.1: calls within a demand of " + (1 + MORE) + " and the prefetch",
                () -> service.calls() <= stream.mostCallsFor(1 + MORE) && subscriber.items().size() == 1 + MORE);
        subscriber.cancel();
    }

    private static void assertDelivered(Stream stream, List<?> items, long count) {
        assertThat(items).extracting(stream::sequenceOf).as("R15.1: exactly the %d items requested, in order", count)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
    }
}
