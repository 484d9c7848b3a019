package dev.asyncref.contract;

import static dev.asyncref.contract.Holdings.assertAllGivenBackOnce;
import static dev.asyncref.contract.Holdings.assertNothingGivenBack;
import static dev.asyncref.contract.Holdings.givingBack;
import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncref.context.RequestContext;

import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * R12: compensation, {@link Pizzeria#placeOrder}: reserve, charge, book; on failure, timeout or
 * cancellation, whatever was acquired is given back exactly once, latest first. {@link Holdings} reads
 * what was acquired and given back from the call log.
 */
public interface CompensationContract extends PizzeriaUnderTest {

    Duration NEVER_REACHED = Duration.ofSeconds(10);

    @Test
    default void r12_1_reservesChargesAndBooksInTurnAndKeepsItAll(Pizzeria pizzeria, Downstream downstream) {
        PlacedOrder placed = resultOf(pizzeria.placeOrder(ONE_PIZZA, NEVER_REACHED));

        assertThat(placed.reservation().order()).isEqualTo(ONE_PIZZA);
        assertThat(placed.receipt().amount()).as("R12.1: the order's price").isEqualTo(Menu.priceOf(ONE_PIZZA));
        assertThat(placed.booking().order()).isEqualTo(ONE_PIZZA);
        assertThat(downstream.log()).as("R12.1: each step starts once the one before has answered")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(tuple("stock", Kind.STARTED), tuple("stock", Kind.SUCCEEDED),
                        tuple("payments", Kind.STARTED), tuple("payments", Kind.SUCCEEDED),
                        tuple("dispatch", Kind.STARTED), tuple("dispatch", Kind.SUCCEEDED));
        assertNothingGivenBack(downstream, ONE_PIZZA.customer());
    }

    @ParameterizedTest(name = "R12.2 {0} fails")
    @EnumSource(value = Step.class, names = {"RESERVE", "CHARGE", "BOOK"})
    default void r12_2_aFailingStepGivesBackWhatWasAcquiredLatestFirstBeforeTheFailure(
            Step failing, Pizzeria pizzeria, Downstream downstream) {
        serviceOf(failing, downstream).failWhen(request -> true);
        Delivery<List<CallEvent>> delivery = placeWatchingWhatIsGivenBack(pizzeria, downstream);

        Throwable failure = delivery.failure();

        assertThat(failure).isExactlyInstanceOf(StepFailedException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(failing);
        assertThat(delivery.seen()).as("R12.2: latest first, one after another, done before the failure")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactlyElementsOf(givenBackInTurn(failing));
        assertAllGivenBackOnce(downstream, ONE_PIZZA.customer());
    }

    /**
     * The deadline must outlast the unheld reserve and charge, so that the booking is the step in progress: a
     * machine that stalls them for longer than {@link Periods#GENEROUS} fails this.
     */
    @Test
    @Stochastic
    default void stochastic_r12_3_aDeadlinePassingDuringAStepCancelsItAndGivesBackTheRest(Pizzeria pizzeria,
            Downstream downstream) {
        Duration deadline = Periods.GENEROUS;
        downstream.dispatch().hold();
        Delivery<Delivery.Services> delivery = Delivery.watch(pizzeria.placeOrder(ONE_PIZZA, deadline), downstream);

        Throwable failure = delivery.failure();

        assertThat(failure).isExactlyInstanceOf(TimedOutException.class)
                .hasMessage("placeOrder: step 'book' timed out after " + deadline.toMillis() + " ms");
        assertThat(delivery.seen().log()).filteredOn(event -> event.service().equals("dispatch"))
                .extracting(CallEvent::kind)
                .as("R12.3: the booking in progress is cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(givingBack(downstream, delivery.seen().log()))
                .as("R12.3: given back before the timeout is delivered")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactlyElementsOf(givenBackInTurn(Step.BOOK));
        List<CallEvent> log = delivery.seen().log();
        assertThat(log.indexOf(log.stream().filter(event -> event.is(Kind.CANCELLED)).findFirst().orElseThrow()))
                .as("R12.3: the booking is cancelled before anything is given back")
                .isLessThan(log.indexOf(givingBack(downstream, log).getFirst()));
        assertAllGivenBackOnce(downstream, ONE_PIZZA.customer());
    }

    @ParameterizedTest(name = "R12.4 cancelled during {0}")
    @EnumSource(value = Step.class, names = {"RESERVE", "CHARGE", "BOOK"})
    default void r12_4_cancellingDuringAStepCancelsItAndGivesBackWhatWasAcquired(
            Step inProgress, Pizzeria pizzeria, Downstream downstream) {
        SimulatedService<?, ?> service = serviceOf(inProgress, downstream);
        service.hold();
        CompletionStage<PlacedOrder> placed = pizzeria.placeOrder(ONE_PIZZA, NEVER_REACHED);
        eventually().until(() -> service.waiting() == 1);

        placed.toCompletableFuture().cancel(true);

        eventually().until(() -> service.inFlight() == 0);
        eventually().untilAsserted(() -> assertAllGivenBackOnce(downstream, ONE_PIZZA.customer()));
        assertThat(service.log()).extracting(CallEvent::kind)
                .as("R12.4: the step in progress is cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(downstream.log()).as("R12.4: no later step starts")
                .noneMatch(event -> laterThan(inProgress).contains(event.service()));
    }

    /**
     * A cancellation and an answer that arrive together can only be made likely to meet, on two threads, forty
     * times; and "never twice" is an absence, watched for {@link Periods#QUIET}. A style that loses or doubles a
     * give-back passes whenever they never met. Raced at each step: at the booking, the last, a cancel that loses
     * leaves an order placed that nobody will hear of, whose booking too must be given back.
     */
    @ParameterizedTest(name = "R12.5 cancelled as {0} answers")
    @EnumSource(value = Step.class, names = {"RESERVE", "CHARGE", "BOOK"})
    @Stochastic
    default void stochastic_r12_5_aCancellationRacingAnAnswerNeverLosesNorDoublesAGiveBack(Step racing,
            Pizzeria pizzeria, Downstream downstream) {
        List<Order> orders = IntStream.range(0, 40).mapToObj(i -> Order.of("racer-" + i, MARGHERITA)).toList();
        SimulatedService<?, ?> service = serviceOf(racing, downstream);
        service.hold();
        List<CompletableFuture<PlacedOrder>> placed = orders.stream()
                .map(order -> pizzeria.placeOrder(order, NEVER_REACHED).toCompletableFuture()).toList();
        eventually().until(() -> service.waiting() == orders.size());

        CompletableFuture<Void> answering = CompletableFuture.runAsync(
                () -> LongStream.rangeClosed(1, orders.size()).forEach(service::releaseCall));
        placed.forEach(stage -> stage.cancel(true));
        answering.join();

        Runnable eachOrderKeptAllOrGaveBackAll = () -> IntStream.range(0, orders.size()).forEach(i -> {
            String customer = orders.get(i).customer();
            if (placed.get(i).isCompletedExceptionally()) {
                assertAllGivenBackOnce(downstream, customer);
            } else {
                assertNothingGivenBack(downstream, customer);
            }
        });
        eventually().untilAsserted(eachOrderKeptAllOrGaveBackAll::run);
        assertStaysTrue("R12.5: nothing given back twice", () -> {
            eachOrderKeptAllOrGaveBackAll.run();
            return true;
        });
    }

    @Test
    default void r12_6_aFailingGiveBackStopsNoOtherAndIsReportedWithTheFailure(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.dispatch().failWhen(order -> true);
        downstream.payments().refunds().failWhen(receipt -> true);
        Delivery<List<CallEvent>> delivery = placeWatchingWhatIsGivenBack(pizzeria, downstream);

        Throwable failure = delivery.failure();

        assertThat(failure).isExactlyInstanceOf(StepFailedException.class);
        assertThat(((StepFailedException) failure).step()).isEqualTo(Step.BOOK);
        assertThat(failure.getSuppressed()).as("R12.6: the failed refund is reported with the failure")
                .singleElement().isInstanceOf(DownstreamException.class)
                .extracting(error -> ((DownstreamException) error).service()).isEqualTo("payments.refund");
        assertThat(delivery.seen()).as("R12.6: the reservation is released all the same, before the failure")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.FAILED),
                        tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @Test
    default void r12_7_aGiveBackFailingAfterTheCallerLeftIsLoggedOnceUnderItsRequest(Pizzeria pizzeria,
            Downstream downstream) {
        downstream.dispatch().hold();
        downstream.payments().refunds().failWhen(receipt -> true,
                receipt -> new DownstreamException("payments.refund", "card closed"));
        try (LogCapture operations = LogCapture.open(); LogCapture elsewhere = LogCapture.warnings()) {
            CompletionStage<PlacedOrder> placed = as("request-1", () -> pizzeria.placeOrder(ONE_PIZZA, NEVER_REACHED));
            eventually().until(() -> downstream.dispatch().waiting() == 1);

            placed.toCompletableFuture().cancel(true);

            eventually().until(() -> !warnings(operations).isEmpty()
                    && downstream.stock().releases().log().stream().anyMatch(event -> event.is(Kind.SUCCEEDED)));
            assertThat(warnings(operations)).as("R12.7: the failed refund, logged once").singleElement()
                    .satisfies(line -> {
                        assertThat(line.getFormattedMessage()).isEqualTo(
                                "placeOrder: a give-back failed after the caller left: payments.refund: card closed");
                        assertThat(line.getMDCPropertyMap()).as("R12.7: under its request")
                                .containsEntry(RequestContext.CORRELATION_ID, "request-1")
                                .containsEntry(RequestContext.OPERATION, "placeOrder");
                    });
            assertThat(elsewhere.lines()).as("R12.7: and by nothing else (no library logger, no global hook)")
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        }
    }

    /**
     * A cancellation racing the answers, as in R12.5, with every give-back failing: whichever way each race went
     * (the cancel first, an answer first, a result the cancelled stage refused), every failed give-back is logged
     * once under its order's request. Stochastic as R12.5 is, and for the same reasons.
     */
    @ParameterizedTest(name = "R12.7 cancelled as {0} answers")
    @EnumSource(value = Step.class, names = {"RESERVE", "CHARGE", "BOOK"})
    @Stochastic
    default void stochastic_r12_7_everyGiveBackFailingAfterTheCallerLeftIsLoggedOnce(Step racing,
            Pizzeria pizzeria, Downstream downstream) {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "racer-" + i).toList();
        SimulatedService<?, ?> service = serviceOf(racing, downstream);
        service.hold();
        Holdings.giveBackServices(downstream).forEach(giveBack -> giveBack.failWhen(thing -> true));
        try (LogCapture operations = LogCapture.open(); LogCapture elsewhere = LogCapture.warnings()) {
            List<CompletableFuture<PlacedOrder>> placed = ids.stream()
                    .map(id -> as(id, () -> pizzeria.placeOrder(Order.of(id, MARGHERITA), NEVER_REACHED))
                            .toCompletableFuture())
                    .toList();
            eventually().until(() -> service.waiting() == ids.size());

            CompletableFuture<Void> answering = CompletableFuture.runAsync(
                    () -> LongStream.rangeClosed(1, ids.size()).forEach(service::releaseCall));
            placed.forEach(stage -> stage.cancel(true));
            answering.join();

            Supplier<Map<String, Long>> failedGiveBacks = () -> givingBack(downstream, downstream.log()).stream()
                    .filter(event -> event.is(Kind.FAILED))
                    .collect(groupingBy(CallEvent::customer, counting())); // each order's customer is its id
            Supplier<Map<String, Long>> logged = () -> warnings(operations).stream()
                    .collect(groupingBy(line -> line.getMDCPropertyMap()
                            .getOrDefault(RequestContext.CORRELATION_ID, "(no correlation id)"), counting()));
            eventually().untilAsserted(() -> {
                assertThat(downstream.inFlight()).as("calls in flight").isZero();
                assertThat(logged.get()).as("R12.7: failed give-backs logged, by correlation id")
                        .isEqualTo(failedGiveBacks.get());
            });
            assertStaysTrue("R12.7: each failed give-back logged once, under its request",
                    () -> logged.get().equals(failedGiveBacks.get()));
            assertThat(elsewhere.lines()).as("R12.7: and by nothing else")
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        }
    }

    /**
     * The step's failure is on its way, held behind its give-backs (R12.2: the release, the last, waits at its
     * gate), when the caller cancels: the failure then travels on to a stage that was cancelled after it had
     * been made. Closing the services waits for the release's thread to finish delivering it.
     */
    @ParameterizedTest(name = "R12.8 {0} fails, cancelled while giving back")
    @EnumSource(value = Step.class, names = {"CHARGE", "BOOK"})
    default void r12_8_aCancelWhileAFailureGivesBackLetsTheGiveBacksEndAndReportsTheFailureToNobody(Step failing,
            Pizzeria pizzeria, Downstream downstream) {
        serviceOf(failing, downstream).failWhen(request -> true);
        SimulatedService<?, ?> release = downstream.stock().releases();
        release.hold();
        try (LogCapture warnings = LogCapture.warnings()) {
            CompletableFuture<PlacedOrder> placed = pizzeria.placeOrder(ONE_PIZZA, NEVER_REACHED).toCompletableFuture();
            eventually().until(() -> release.waiting() == 1);

            placed.cancel(true);
            release.open();
            eventually().until(() -> downstream.inFlight() == 0);
            downstream.close();

            assertThat(placed).as("R12.8: the caller's cancel stands").isCancelled();
            assertAllGivenBackOnce(downstream, ONE_PIZZA.customer());
            assertThat(release.log()).as("R12.8: the give-back in progress is not cancelled")
                    .extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.SUCCEEDED);
            assertThat(warnings.lines()).as("R12.8: the failure reported by nobody (no hook, no library logger)")
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        }
    }

    /**
     * Places {@code ONE_PIZZA} with its first step held, watches the outcome, then lets the step go, so that the
     * outcome cannot come before the watch: what had been given back when it was delivered.
     */
    private static Delivery<List<CallEvent>> placeWatchingWhatIsGivenBack(Pizzeria pizzeria, Downstream downstream) {
        downstream.stock().hold();
        CompletionStage<PlacedOrder> placed = pizzeria.placeOrder(ONE_PIZZA, NEVER_REACHED);
        Delivery<List<CallEvent>> delivery = Delivery.watch(placed, () -> givingBack(downstream, downstream.log()));
        downstream.stock().open();
        return delivery;
    }

    private static List<ILoggingEvent> warnings(LogCapture operations) {
        return operations.lines().stream().filter(line -> line.getLevel() == Level.WARN).toList();
    }

    private static SimulatedService<?, ?> serviceOf(Step step, Downstream downstream) {
        return switch (step) {
            case RESERVE -> downstream.stock();
            case CHARGE -> downstream.payments();
            case BOOK -> downstream.dispatch();
            default -> throw new IllegalArgumentException("not a step of placeOrder: " + step);
        };
    }

    private static List<String> laterThan(Step step) {
        return switch (step) {
            case RESERVE -> List.of("payments", "dispatch");
            case CHARGE -> List.of("dispatch");
            default -> List.of();
        };
    }

    /** The give-back calls a failure at {@code step} makes, as the log shows them: latest first, one at a time. */
    private static List<Tuple> givenBackInTurn(Step step) {
        var refund = List.of(tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED));
        var release = List.of(tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
        return switch (step) {
            case RESERVE -> List.of();
            case CHARGE -> release;
            default -> Stream.concat(refund.stream(), release.stream()).toList();
        };
    }
}
