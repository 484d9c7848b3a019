package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.Requests.callsPerId;
import static dev.asyncref.contract.Requests.ids;
import static dev.asyncref.contract.Requests.servicesCalledBy;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.PizzeriaException;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * R17: context propagation. Every operation runs for the correlation id its caller had in the MDC; the
 * services record the id each call was started with, and the contract runs many requests at once so that an
 * id carried to the wrong request, or left behind on a pooled thread, shows up in the call log.
 */
public interface ContextContract extends PizzeriaUnderTest {

    int REQUESTS = 16;

    @ParameterizedTest(name = "R17.1 {0}")
    @EnumSource(Operation.class)
    default void r17_1_everyCallOfAnOperationCarriesItsCallersIdAndNoOther(
            Operation operation, Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        // A race is decided by its first offer, which may come before a style that asks each courier from a
        // thread of its own has asked the last one: held, every request asks them all, and makes the same calls.
        downstream.couriers().forEach(CourierService::hold);

        List<? extends CompletionStage<?>> stages =
                ids.stream().map(id -> as(id, () -> operation.on(pizzeria, THREE_PIZZAS))).toList();
        if (operation == Operation.FIND_COURIER || operation == Operation.FIND_COURIER_WITHIN) {
            eventually().until(() -> downstream.couriers().stream().mapToInt(CourierService::waiting).sum()
                    == downstream.couriers().size() * REQUESTS);
        }
        downstream.couriers().forEach(CourierService::open);
        stages.forEach(Outcomes::resultOf);

        assertEachIdMadeTheSameCalls(callsPerId(downstream), ids, "R17.1");
    }

    @ParameterizedTest(name = "R17.1 {0}")
    @EnumSource(Stream.class)
    default void r17_1_everyCallOfAStreamCarriesItsSubscribersId(
            Stream stream, Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);

        List<RecordingSubscriber<?>> subscribers =
                ids.stream().<RecordingSubscriber<?>>map(id -> as(id, () -> subscribeTo(stream.of(pizzeria))))
                        .toList();
        subscribers.forEach(subscriber -> subscriber.request(Long.MAX_VALUE));
        subscribers.forEach(RecordingSubscriber::awaitTermination);

        assertThat(subscribers).allSatisfy(subscriber -> assertThat(subscriber.completions()).isOne());
        assertEachIdMadeTheSameCalls(callsPerId(downstream), ids, "R17.1");
    }

    @Test
    default void r17_2_aHedgeSentByATimerCarriesTheIdOfItsRequest(Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        downstream.menu().hold();

        List<? extends CompletionStage<?>> quotes =
                ids.stream().map(id -> as(id, () -> pizzeria.quoteHedged(ONE_PIZZA, Duration.ofMillis(1)))).toList();
        eventually().until(() -> downstream.menu().waiting() == 2 * REQUESTS);
        downstream.menu().open();
        quotes.forEach(Outcomes::resultOf);

        assertThat(ids).as("R17.2: each request's first call and its hedge")
                .allSatisfy(id -> assertThat(servicesCalledBy(id, downstream)).containsExactly("menu", "menu"));
    }

    @Test
    default void r17_2_aRetryStartedByATimerCarriesTheIdOfItsRequest(Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        downstream.menu().failCalls(call -> call <= REQUESTS);
        downstream.menu().hold();
        RetryPolicy twoAttempts = new RetryPolicy(2, Duration.ofMillis(1), 0.5);

        List<? extends CompletionStage<?>> quotes =
                ids.stream().map(id -> as(id, () -> pizzeria.quoteWithRetries(ONE_PIZZA, twoAttempts))).toList();
        eventually().until(() -> downstream.menu().waiting() == REQUESTS);
        downstream.menu().open();
        quotes.forEach(Outcomes::resultOf);

        assertThat(ids).as("R17.2: each request's failed attempt and its retry")
                .allSatisfy(id -> assertThat(servicesCalledBy(id, downstream)).containsExactly("menu", "menu"));
    }

    @Test
    default void r17_3_giveBacksAfterAFailureCarryTheIdOfTheirRequest(Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        downstream.dispatch().failWhen(request -> true);

        List<? extends CompletionStage<?>> orders =
                ids.stream().map(id -> as(id, () -> pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10)))).toList();
        orders.forEach(Outcomes::failureOf);

        assertThat(ids).as("R17.3: the steps, then the give-backs, latest first")
                .allSatisfy(id -> assertThat(servicesCalledBy(id, downstream))
                        .containsExactly("stock", "payments", "dispatch", "payments.refund", "stock.release"));
    }

    @Test
    default void r17_4_aStreamKeepsItsSubscribersIdWhenAnotherThreadRequests(Pizzeria pizzeria, Downstream downstream)
            throws InterruptedException {
        RecordingSubscriber<?> subscriber = as("request-1", () -> subscribeTo(pizzeria.history("ada")));

        Thread other = Thread.ofPlatform().start(() -> as("intruder", () -> subscriber.request(Long.MAX_VALUE)));
        other.join();
        subscriber.awaitTermination();

        assertThat(subscriber.completions()).isOne();
        assertThat(callsPerId(downstream)).as("R17.4: every page fetched for the subscriber, whoever requested it")
                .containsOnlyKeys("request-1");
    }

    @ParameterizedTest(name = "R17.5 {0}")
    @EnumSource(Operation.class)
    default void r17_5_anOperationLeavesItsCallersMdcAsItWasAndNoIdOnItsThreads(
            Operation operation, Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        ids.stream().map(id -> as(id, () -> operation.on(pizzeria, THREE_PIZZAS))).toList()
                .forEach(Outcomes::resultOf);
        Map<String, String> before = Map.of("tenant", "north");
        MDC.setContextMap(before);
        try {
            CompletionStage<?> withoutId = operation.on(pizzeria, ONE_PIZZA);

            assertThat(MDC.getCopyOfContextMap()).as("R17.5: the caller's MDC, right after the call").isEqualTo(before);
            resultOf(withoutId);
            assertThat(MDC.getCopyOfContextMap()).as("R17.5: the caller's MDC, after the outcome").isEqualTo(before);
        } finally {
            MDC.clear();
        }
        List<String> expected = new ArrayList<>(ids);
        expected.add(Requests.NONE);
        assertThat(callsPerId(downstream)).as("R17.5: the request without an id made calls without one, on threads "
                        + "that had just carried other requests' ids")
                .containsOnlyKeys(expected);
    }

    @ParameterizedTest(name = "R17.6 {0}")
    @EnumSource(Operation.class)
    default void r17_6_anOperationLogsOneLineAsItEndsCarryingItsId(
            Operation operation, Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        try (LogCapture log = LogCapture.open()) {
            downstream.services().forEach(SimulatedService::hold); // no outcome before it is watched
            List<Delivery<List<ILoggingEvent>>> deliveries = ids.stream().map(id -> as(id,
                    () -> Delivery.watch(operation.on(pizzeria, THREE_PIZZAS), () -> linesOf(id, log)))).toList();
            downstream.services().forEach(SimulatedService::open);

            assertThat(deliveries).as("R17.6: the request's line was written before its outcome was delivered")
                    .allSatisfy(delivery -> assertThat(delivery.seen()).hasSize(1));
            assertThat(linesById(log.lines())).as("R17.6: one line per request")
                    .containsOnlyKeys(ids)
                    .allSatisfy((id, lines) -> assertThat(lines).singleElement().satisfies(line -> {
                        assertThat(line.getMDCPropertyMap()).containsEntry(RequestContext.OPERATION,
                                operation.label().label());
                        assertThat(line.getFormattedMessage()).isEqualTo(operation.label() + " succeeded");
                    }));
        }
    }

    @Test
    default void r17_6_aStreamItsSubscriberEndsByAskingForNothingWritesNoLine(Pizzeria pizzeria,
            Downstream downstream) {
        try (LogCapture log = LogCapture.open()) {
            RecordingSubscriber<?> history =
                    subscribeTo(pizzeria.history("ada"), subscription -> subscription.request(0)).awaitTermination();

            assertThat(history.errors()).singleElement().isInstanceOf(IllegalArgumentException.class);
            assertThat(log.lines()).as("R17.6: the subscriber ended it, as by a cancel").isEmpty();
        }
    }

    @Test
    default void r17_6_aFailedOperationsLineSaysSoUnderItsOwnId(Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = ids(REQUESTS);
        downstream.payments().failWhen(payment -> true);
        try (LogCapture log = LogCapture.open()) {
            downstream.services().forEach(SimulatedService::hold); // no outcome before it is watched
            List<Delivery<List<ILoggingEvent>>> deliveries = ids.stream().map(id -> as(id,
                    () -> Delivery.watch(pizzeria.checkout(ONE_PIZZA), () -> linesOf(id, log)))).toList();
            downstream.services().forEach(SimulatedService::open);
            List<Throwable> failures = deliveries.stream().map(Delivery::failure).toList();

            assertThat(deliveries).as("R17.6: the request's line was written before its failure was delivered")
                    .allSatisfy(delivery -> assertThat(delivery.seen()).hasSize(1));
            Map<String, List<ILoggingEvent>> lines = linesById(log.lines());
            assertThat(lines).containsOnlyKeys(ids);
            assertThat(failures).allSatisfy(failure -> assertThat(
                            lines.get(((PizzeriaException) failure).correlationId()))
                    .as("R17.6").singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("checkout failed: " + failure.getMessage()));
        }
    }

    @ParameterizedTest(name = "R17.6 {0}")
    @EnumSource(Stream.class)
    default void r17_6_aStreamLogsOneLineAsItEndsBeforeItsLastSignal(
            Stream stream, Pizzeria pizzeria, Downstream downstream) {
        try (LogCapture log = LogCapture.open()) {
            LinesAtTheEnd subscriber = new LinesAtTheEnd(() -> linesOf("request-1", log));
            as("request-1", () -> subscribeAll(stream.of(pizzeria), subscriber));

            assertThat(subscriber.awaitEnd()).as("R17.6: the stream's line, written before onComplete")
                    .singleElement().satisfies(line -> {
                        assertThat(line.getFormattedMessage()).isEqualTo(stream + " succeeded");
                        assertThat(line.getMDCPropertyMap()).containsEntry(RequestContext.OPERATION, stream.toString());
                    });
        }
    }

    @Test
    default void r17_6_aFailedStreamsLineSaysSoBeforeItsError(Pizzeria pizzeria, Downstream downstream) {
        downstream.history().failCalls(call -> call == 2);
        try (LogCapture log = LogCapture.open()) {
            LinesAtTheEnd subscriber = new LinesAtTheEnd(() -> linesOf("request-1", log));
            as("request-1", () -> subscribeAll(Stream.HISTORY.of(pizzeria), subscriber));

            assertThat(subscriber.awaitEnd()).as("R17.6: the stream's line, written before onError")
                    .singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("history failed: " + subscriber.error().getMessage());
        }
    }

    private static Void subscribeAll(Flow.Publisher<?> publisher, LinesAtTheEnd subscriber) {
        publisher.subscribe(subscriber);
        return null;
    }

    /** Takes every item, and looks at the log lines at the moment the stream ends. */
    final class LinesAtTheEnd implements Flow.Subscriber<Object> {

        private final Supplier<List<ILoggingEvent>> look;
        private final CompletableFuture<List<ILoggingEvent>> atTheEnd = new CompletableFuture<>();
        private volatile Throwable error;

        LinesAtTheEnd(Supplier<List<ILoggingEvent>> look) {
            this.look = look;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object item) {}

        @Override
        public void onError(Throwable failure) {
            error = failure;
            atTheEnd.complete(look.get());
        }

        @Override
        public void onComplete() {
            atTheEnd.complete(look.get());
        }

        List<ILoggingEvent> awaitEnd() {
            return Outcomes.resultOf(atTheEnd);
        }

        Throwable error() {
            return error;
        }
    }

    private static List<ILoggingEvent> linesOf(String id, LogCapture log) {
        return log.lines().stream()
                .filter(line -> id.equals(line.getMDCPropertyMap().get(RequestContext.CORRELATION_ID)))
                .toList();
    }

    private static Map<String, List<ILoggingEvent>> linesById(List<ILoggingEvent> lines) {
        return lines.stream().collect(Collectors.groupingBy(
                line -> Objects.requireNonNullElse(
                        line.getMDCPropertyMap().get(RequestContext.CORRELATION_ID), Requests.NONE)));
    }

    private static void assertEachIdMadeTheSameCalls(
            Map<String, Long> callsPerId, Collection<String> ids, String rule) {
        assertThat(callsPerId).as("%s: calls by the id they carried", rule).containsOnlyKeys(ids);
        assertThat(callsPerId.values()).as("%s: every request made the same calls, so none carried another's id", rule)
                .containsOnly(callsPerId.values().iterator().next());
    }

    /** The workload's streams, subscribed to under a caller's id. */
    enum Stream {
        TRACK(pizzeria -> pizzeria.track(ONE_PIZZA)),
        HISTORY(pizzeria -> pizzeria.history("ada"));

        private final Function<Pizzeria, Flow.Publisher<?>> stream;

        Stream(Function<Pizzeria, Flow.Publisher<?>> stream) {
            this.stream = stream;
        }

        Flow.Publisher<?> of(Pizzeria pizzeria) {
            return stream.apply(pizzeria);
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
