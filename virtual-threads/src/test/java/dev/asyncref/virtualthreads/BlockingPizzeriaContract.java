package dev.asyncref.virtualthreads;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.TEN_PIZZAS;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.HISTORY;
import static dev.asyncref.downstream.CallEvent.Kind.CANCELLED;
import static dev.asyncref.downstream.CallEvent.Kind.FAILED;
import static dev.asyncref.downstream.CallEvent.Kind.STARTED;
import static dev.asyncref.downstream.CallEvent.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.downstream.TrackingService;
import dev.asyncref.downstream.UndoService;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the blocking API of a {@link BlockingPizzeria} shows: what it throws, which threads its calls
 * run on, and what an interrupt does. The shared contract covers its CompletionStage view; each
 * virtual-thread style's test class extends this one and only supplies its implementation.
 */
@ExtendWith(NoPinnedThreads.class)
public abstract class BlockingPizzeriaContract {

    protected abstract BlockingPizzeria pizzeria(Downstream downstream);

    private static final String CALLER = "caller";
    private static final RequestContext REQUEST = new RequestContext("test", "request-7");
    /** Far beyond the ten-second ceiling of a wait: an operation that waited for it out would fail the test. */
    private static final Duration AN_HOUR = Duration.ofHours(1);

    @Test
    protected void aFailedBakeIsThrownAsTheStepFailedExceptionItself() {
        try (Downstream downstream = Downstream.start()) {
            downstream.kitchen().failWhen(FUNGHI::equals);
            BlockingPizzeria pizzeria = pizzeria(downstream);

            // StepFailedException is final: no ExecutionException or FailedException passes this check.
            assertThatThrownBy(() -> Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS)).join())
                    .isInstanceOfSatisfying(StepFailedException.class,
                            failed -> assertThat(failed.step()).isEqualTo(BAKE))
                    .hasCauseExactlyInstanceOf(DownstreamException.class);
        }
    }

    @Test
    protected void anInvalidOrderIsThrownBeforeAnyDownstreamCall() {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Order sushi = Order.of("ada", Pizza.of("sushi"));

            assertThatThrownBy(() -> Caller.start(downstream, () -> pizzeria.bake(sushi)).join())
                    .isExactlyInstanceOf(InvalidOrderException.class)
                    .hasMessage("pizza 1: 'sushi' is not on the menu");
            assertThat(downstream.log()).isEmpty();
        }
    }

    @Test
    protected void eachStepOfCheckoutRunsOnTheCallingVirtualThread() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> pizzeria.checkout(ONE_PIZZA)).join();

            assertThat(downstream.log())
                    .filteredOn(event -> event.is(STARTED))
                    .extracting(CallEvent::service, CallEvent::thread, CallEvent::virtualThread)
                    .containsExactly(tuple("menu", CALLER, true), tuple("payments", CALLER, true));
        }
    }

    @Test
    protected void bakeForksOneVirtualThreadPerPizza() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS)).join();

            assertThat(downstream.kitchen().log())
                    .filteredOn(event -> event.is(STARTED))
                    .allMatch(CallEvent::virtualThread)
                    .extracting(CallEvent::thread)
                    .hasSize(3)
                    .doesNotHaveDuplicates()
                    .doesNotContain(CALLER);
        }
    }

    @Test
    protected void interruptingTheCallerCancelsEveryBakeBeforeBakeThrows() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS));
            eventually().until(() -> kitchen.waiting() == 3);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bake").hasValue(0);
            assertThat(kitchen.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::kind)
                    .containsExactly(CANCELLED, CANCELLED, CANCELLED);
        }
    }

    @Test
    protected void aFailedBakeStopsTheOtherBakesBeforeItIsThrown() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.failWhen(FUNGHI::equals).hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS));
            eventually().until(() -> kitchen.waiting() == 3);

            kitchen.release(FUNGHI::equals);

            assertThatThrownBy(caller::join).isInstanceOf(StepFailedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bake").hasValue(0);
            assertThat(kitchen.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::request, CallEvent::kind)
                    .containsExactlyInAnyOrder(
                            tuple(FUNGHI, FAILED), tuple(MARGHERITA, CANCELLED), tuple(DIAVOLA, CANCELLED));
        }
    }

    @Test
    protected void interruptingTheCallerCancelsTheBatchsBakesBeforeBakeBatchThrows() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bakeBatch(TEN_PIZZAS, 3));
            eventually().until(() -> kitchen.waiting() == 3);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bakeBatch").hasValue(0);
            assertThat(kitchen.calls()).as("no bake starts after the interrupt").isEqualTo(3);
            assertThat(kitchen.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::kind)
                    .containsExactly(CANCELLED, CANCELLED, CANCELLED);
        }
    }

    @Test
    protected void aFailedBatchBakeStopsTheOtherBakesBeforeItIsThrown() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.failWhen(pizza -> true).hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bakeBatch(TEN_PIZZAS, 3));
            eventually().until(() -> kitchen.waiting() == 3);

            kitchen.release(kitchen.waitingRequests().getFirst()::equals);

            assertThatThrownBy(caller::join).isExactlyInstanceOf(StepFailedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bakeBatch").hasValue(0);
            assertThat(kitchen.calls()).as("no bake starts after the failure").isEqualTo(3);
        }
    }

    @Test
    protected void interruptingTheCallerCancelsAStepWithATimeLimitBeforeCheckoutWithinThrows() {
        try (Downstream downstream = Downstream.start()) {
            downstream.menu().hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream,
                    () -> pizzeria.checkoutWithin(ONE_PIZZA, Duration.ofSeconds(10)));
            eventually().until(() -> downstream.menu().waiting() == 1);

            caller.thread().interrupt();

            // Not a timeout: the step runs on a fork, and the caller's interrupt must still reach it.
            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives checkoutWithin").hasValue(0);
            assertThat(downstream.menu().log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
            assertThat(downstream.payments().calls()).as("no charge after the interrupt").isZero();
        }
    }

    @Test
    protected void aFirstAnswerWithinTheDelayEndsTheSleepingHedgeAndQuoteHedgedReturnsAtOnce() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            // Returning at all proves that the hedge's sleep was interrupted: no fork outlives quoteHedged.
            Caller.start(downstream, () -> pizzeria.quoteHedged(ONE_PIZZA, AN_HOUR)).join();

            assertThat(downstream.menu().calls()).as("no hedge, then or later").isOne();
        }
    }

    @Test
    protected void eachRequestOfAHedgedQuoteRunsOnAForkAndTheLoserIsCancelledBeforeQuoteHedgedReturns()
            throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            MenuService menu = downstream.menu();
            menu.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.quoteHedged(ONE_PIZZA, Duration.ofMillis(1)));
            eventually().until(() -> menu.waiting() == 2);

            menu.releaseCall(2);

            caller.join();
            assertThat(caller.inFlightWhenDone()).as("the first request is cancelled before it returns").hasValue(0);
            assertThat(menu.log())
                    .filteredOn(event -> event.is(STARTED))
                    .allMatch(CallEvent::virtualThread)
                    .extracting(CallEvent::thread)
                    .hasSize(2)
                    .doesNotHaveDuplicates()
                    .doesNotContain(CALLER);
            assertThat(menu.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::call, CallEvent::kind)
                    .containsExactlyInAnyOrder(tuple(2L, SUCCEEDED), tuple(1L, CANCELLED));
        }
    }

    @Test
    protected void interruptingTheCallerBeforeTheHedgeDelayEndsQuoteHedgedAtOnceAndSendsNoHedge() {
        try (Downstream downstream = Downstream.start()) {
            MenuService menu = downstream.menu();
            menu.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.quoteHedged(ONE_PIZZA, AN_HOUR));
            eventually().until(() -> menu.waiting() == 1);

            caller.thread().interrupt();

            // At once: quoteHedged waits for the hedge asleep, which would not wake within join()'s ceiling.
            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives quoteHedged").hasValue(0);
            assertThat(menu.log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
        }
    }

    @Test
    protected void interruptingTheCallerAfterTheHedgeCancelsBothRequestsBeforeQuoteHedgedThrows() {
        try (Downstream downstream = Downstream.start()) {
            MenuService menu = downstream.menu();
            menu.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.quoteHedged(ONE_PIZZA, Duration.ofMillis(1)));
            eventually().until(() -> menu.waiting() == 2);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives quoteHedged").hasValue(0);
            assertThat(menu.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::kind)
                    .containsExactly(CANCELLED, CANCELLED);
        }
    }

    @Test
    protected void everyAttemptOfQuoteWithRetriesRunsOnTheCallingVirtualThread() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            downstream.menu().failCalls(call -> call <= 2);
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream,
                    () -> pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, Duration.ofMillis(1), 0))).join();

            assertThat(downstream.menu().log())
                    .filteredOn(event -> event.is(STARTED))
                    .extracting(CallEvent::thread)
                    .containsExactly(CALLER, CALLER, CALLER);
        }
    }

    @Test
    protected void interruptingTheCallerDuringABackoffEndsItAtOnceAndMakesNoFurtherCall() {
        try (Downstream downstream = Downstream.start()) {
            MenuService menu = downstream.menu();
            menu.failCalls(call -> true);
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream,
                    () -> pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, Duration.ofMinutes(1), 0)));
            eventually().until(() -> menu.log().stream().anyMatch(event -> event.is(FAILED)));

            caller.thread().interrupt();

            // At once: the backoff is a minute, and join() gives up after ten seconds.
            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(menu.calls()).as("no attempt after the interrupt").isOne();
        }
    }

    @Test
    protected void interruptingTheCallerDuringAnAttemptCancelsItAndThrowsInsteadOfRetrying() {
        try (Downstream downstream = Downstream.start()) {
            MenuService menu = downstream.menu();
            menu.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream,
                    () -> pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, Duration.ofMillis(1), 0)));
            eventually().until(() -> menu.waiting() == 1);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(menu.log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
        }
    }

    @Test
    protected void anInterruptedCallerStartsNoStepOfPlaceOrder() {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            // Many times over: a fork that missed the caller's interrupt would start its step only now and
            // then, when it runs before the caller notices the interrupt and cancels it.
            for (int order = 0; order < 50; order++) {
                Caller caller = Caller.start(downstream, () -> {
                    Thread.currentThread().interrupt();
                    return pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10));
                });
                assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            }

            assertThat(downstream.log()).as("not even a step started, then cancelled").isEmpty();
        }
    }

    @Test
    protected void interruptingTheCallerDuringAStepGivesBackWhatWasAcquiredBeforePlaceOrderThrows() {
        try (Downstream downstream = Downstream.start()) {
            downstream.payments().hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10)));
            eventually().until(() -> downstream.payments().waiting() == 1);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.logWhenDone().get())
                    .as("the charge cancelled, then the reservation released, before placeOrder threw")
                    .filteredOn(event -> !event.service().equals("stock"))
                    .extracting(CallEvent::service, CallEvent::kind)
                    .containsExactly(tuple("payments", STARTED), tuple("payments", CANCELLED),
                            tuple("stock.release", STARTED), tuple("stock.release", SUCCEEDED));
        }
    }

    @Test
    protected void anotherInterruptDuringTheGiveBacksNeitherStopsThemNorIsLost() {
        try (Downstream downstream = Downstream.start()) {
            UndoService<Reservation> releases = downstream.stock().releases();
            downstream.payments().hold();
            releases.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10)));
            eventually().until(() -> downstream.payments().waiting() == 1);
            caller.thread().interrupt();
            eventually().until(() -> releases.waiting() == 1);

            caller.thread().interrupt();
            releases.open();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(releases.log()).extracting(CallEvent::kind)
                    .as("the release runs to the end").containsExactly(STARTED, SUCCEEDED);
            assertThat(caller.interruptedWhenDone()).as("the second interrupt is pending when placeOrder throws")
                    .isTrue();
        }
    }

    @Test
    protected void giveBackReturnsWhatAnOrderHoldsLatestFirstOneAtATime() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);
            PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, AN_HOUR);

            pizzeria.giveBack(placed);

            assertThat(givingBack(downstream)).containsExactly(
                    tuple("dispatch.cancel", STARTED), tuple("dispatch.cancel", SUCCEEDED),
                    tuple("payments.refund", STARTED), tuple("payments.refund", SUCCEEDED),
                    tuple("stock.release", STARTED), tuple("stock.release", SUCCEEDED));
        }
    }

    @Test
    protected void giveBackGoesOnPastAFailedGiveBackAndThrowsAtTheEndWithEachFailure() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);
            PlacedOrder placed = pizzeria.placeOrder(ONE_PIZZA, AN_HOUR);
            downstream.payments().refunds().failWhen(receipt -> true);

            assertThatThrownBy(() -> pizzeria.giveBack(placed)).isInstanceOf(IllegalStateException.class)
                    .satisfies(notAll -> assertThat(notAll.getSuppressed()).singleElement()
                            .isInstanceOfSatisfying(DownstreamException.class,
                                    failed -> assertThat(failed.service()).isEqualTo("payments.refund")));
            assertThat(givingBack(downstream)).containsExactly(
                    tuple("dispatch.cancel", STARTED), tuple("dispatch.cancel", SUCCEEDED),
                    tuple("payments.refund", STARTED), tuple("payments.refund", FAILED),
                    tuple("stock.release", STARTED), tuple("stock.release", SUCCEEDED));
        }
    }

    private static List<Tuple> givingBack(Downstream downstream) {
        return downstream.log().stream().filter(event -> downstream.undoServices().containsValue(event.service()))
                .map(event -> tuple(event.service(), event.kind())).toList();
    }

    @Test
    protected void everyForkOfBakeRunsForTheCallersRequest() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> RequestScope.call(REQUEST, () -> pizzeria.bake(THREE_PIZZAS))).join();

            assertThat(downstream.kitchen().log())
                    .filteredOn(event -> event.is(STARTED))
                    .hasSize(3)
                    .allSatisfy(bake -> {
                        assertThat(bake.thread()).as("a fork").isNotEqualTo(CALLER);
                        assertThat(bake.correlationId()).as("carrying the caller's id")
                                .isEqualTo(REQUEST.correlationId());
                    });
        }
    }

    @Test
    protected void planDeliveryLooksUpOnTheCallingVirtualThreadAndPlansOnAPlatformThreadForTheSameRequest()
            throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> RequestScope.call(REQUEST, () -> pizzeria.planDelivery(ONE_PIZZA))).join();

            assertThat(downstream.log())
                    .filteredOn(event -> event.is(STARTED))
                    .extracting(CallEvent::service, CallEvent::virtualThread, CallEvent::correlationId)
                    .containsExactly(tuple("addresses", true, REQUEST.correlationId()),
                            tuple("routes", false, REQUEST.correlationId()));
            assertThat(downstream.log())
                    .filteredOn(event -> event.is(STARTED))
                    .extracting(CallEvent::thread)
                    .satisfiesExactly(lookup -> assertThat(lookup).isEqualTo(CALLER),
                            planning -> assertThat(planning).matches("core-\\d+"));
        }
    }

    @Test
    protected void interruptingTheCallerStopsAComputingPlanningBeforePlanDeliveryThrows() {
        try (Downstream downstream = Downstream.start()) {
            downstream.routes().hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.planDelivery(ONE_PIZZA));
            eventually().until(() -> downstream.routes().running() == 1);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("the planning has stopped, its core free").hasValue(0);
            assertThat(downstream.log()).filteredOn(event -> event.service().equals("routes"))
                    .extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
        }
    }

    @Test
    protected void aPlanningWaitingForACoreNeverStartsOnceItsCallerIsInterrupted() {
        try (Downstream downstream = Downstream.start()) {
            RoutePlanner routes = downstream.routes();
            routes.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            List<Caller> computing = IntStream.range(0, Cores.count())
                    .mapToObj(i -> Caller.start(downstream, () -> pizzeria.planDelivery(ONE_PIZZA))).toList();
            eventually().until(() -> routes.running() == Cores.count());
            Caller waiting = Caller.start(downstream, () -> pizzeria.planDelivery(ONE_PIZZA));
            // Parked once its lookup is done: the only wait left before its planning is the one for a core.
            eventually().until(() -> downstream.addresses().log().stream().filter(event -> event.is(SUCCEEDED))
                    .count() == Cores.count() + 1 && waiting.thread().getState() == Thread.State.WAITING);

            waiting.thread().interrupt();

            assertThatThrownBy(waiting::join).isInstanceOf(InterruptedException.class);
            routes.open();
            computing.forEach(caller -> assertThatCode(caller::join).doesNotThrowAnyException());
            assertThat(routes.calls()).as("only the plannings that had a core").isEqualTo(Cores.count());
        }
    }

    @Test
    protected void aStreamIsOrderedAndHoldsNoNullsAndSaysSoBeforeCallingAnything() {
        try (Downstream downstream = Downstream.start();
                Stream<PastOrder> orders = pizzeria(downstream).history("ada")) {
            assertThat(orders.spliterator().characteristics()).isEqualTo(Spliterator.ORDERED | Spliterator.NONNULL);
            assertThat(downstream.history().calls()).isZero();
        }
    }

    @Test
    protected void pullingOneItemMakesExactlyOnePageCallAndTheRestOfThePageMakesNone() {
        try (Downstream downstream = Downstream.start();
                Stream<PastOrder> history = pizzeria(downstream).history("ada")) {
            HistoryService pages = downstream.history();
            Iterator<PastOrder> orders = history.iterator();
            assertThat(pages.calls()).as("nothing called before the first pull").isZero();

            assertThat(orders.next().number()).isEqualTo(1);
            assertThat(pages.calls()).as("one page for one order").isOne();
            for (long number = 2; number <= 5; number++) {
                assertThat(orders.next().number()).isEqualTo(number);
            }
            assertThat(pages.calls()).as("the rest of the page is already here").isOne();
            assertThat(orders.next().number()).isEqualTo(6);
            assertThat(pages.calls()).as("the sixth order needs the second page").isEqualTo(2);
        }
    }

    @Test
    protected void eachCallOfAStreamRunsOnTheConsumingThread() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> {
                try (Stream<OrderUpdate> updates = pizzeria.track(ONE_PIZZA)) {
                    return updates.toList();
                }
            }).join();

            assertThat(downstream.tracking().log())
                    .filteredOn(event -> event.is(STARTED))
                    .extracting(CallEvent::thread)
                    .as("a call per update and one that finds the end, none on a thread of its own")
                    .containsExactly(CALLER, CALLER, CALLER, CALLER, CALLER);
        }
    }

    @Test
    protected void aFailedPageIsThrownFromThePullThatNeedsItAfterThePagesBefore() {
        try (Downstream downstream = Downstream.start();
                Stream<PastOrder> history = pizzeria(downstream).history("ada")) {
            downstream.history().failCalls(call -> call == 2);
            Iterator<PastOrder> orders = history.iterator();
            for (int order = 1; order <= 5; order++) {
                orders.next();
            }

            assertThatThrownBy(orders::next)
                    .isInstanceOfSatisfying(StepFailedException.class,
                            failed -> assertThat(failed.step()).isEqualTo(HISTORY))
                    .hasCauseExactlyInstanceOf(DownstreamException.class);
        }
    }

    @Test
    protected void closingTheStreamWhileItsConsumerWaitsForAPageCancelsThePageAndEndsTheStream() {
        try (Downstream downstream = Downstream.start()) {
            HistoryService pages = downstream.history();
            pages.hold();
            Stream<PastOrder> history = pizzeria(downstream).history("ada");
            Iterator<PastOrder> orders = history.iterator();
            Caller caller = Caller.start(downstream, () -> {
                for (int order = 1; order <= 6; order++) {
                    orders.next();
                }
                return null;
            });
            eventually().until(() -> pages.waiting() == 1);
            pages.releaseCall(1);
            eventually().until(() -> pages.waiting() == 1);

            history.close();

            assertThatThrownBy(caller::join).isExactlyInstanceOf(CancellationException.class)
                    .hasMessage("the stream was closed");
            assertThat(caller.inFlightWhenDone()).as("the page is cancelled before the pull throws").hasValue(0);
            assertThat(caller.interruptedWhenDone()).as("the close's interrupt is not left to the consumer").isFalse();
            assertThat(pages.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::call, CallEvent::kind)
                    .containsExactly(tuple(1L, SUCCEEDED), tuple(2L, CANCELLED));
            assertThatThrownBy(orders::next).as("a closed stream calls nothing more")
                    .isExactlyInstanceOf(CancellationException.class);
            assertThat(pages.calls()).isEqualTo(2);
        }
    }

    @Test
    protected void interruptingAConsumerWaitingForAnUpdateCancelsTheCallAndThrows() {
        try (Downstream downstream = Downstream.start()) {
            TrackingService tracking = downstream.tracking();
            tracking.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> {
                try (Stream<OrderUpdate> updates = pizzeria.track(ONE_PIZZA)) {
                    return updates.iterator().next();
                }
            });
            eventually().until(() -> tracking.waiting() == 1);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isExactlyInstanceOf(CancellationException.class)
                    .hasMessage("the consumer was interrupted").hasCauseExactlyInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("the call is cancelled before the pull throws").hasValue(0);
            assertThat(caller.interruptedWhenDone()).as("the interrupt is kept for the consumer").isTrue();
            assertThat(tracking.log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
        }
    }

    /**
     * One blocking call, made from a virtual thread of its own that the call log names {@code caller}; the
     * moment the call returns or throws, it counts the downstream calls and plannings still in flight, copies
     * the call log, and notes whether its thread is interrupted.
     */
    private record Caller(Thread thread, AtomicReference<Throwable> thrown, AtomicInteger inFlightWhenDone,
            AtomicReference<List<CallEvent>> logWhenDone, AtomicBoolean interruptedWhenDone) {

        static Caller start(Downstream downstream, Callable<?> call) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicInteger inFlightWhenDone = new AtomicInteger(-1);
            AtomicReference<List<CallEvent>> logWhenDone = new AtomicReference<>();
            AtomicBoolean interruptedWhenDone = new AtomicBoolean();
            Thread thread = Thread.ofVirtual().name(CALLER).start(() -> {
                try {
                    call.call();
                } catch (Throwable throwable) {
                    // Throwable, so that an Error fails the test instead of dying with the thread; kept as
                    // thrown, where a CompletableFuture would unwrap a CompletionException on the way out.
                    thrown.set(throwable);
                } finally {
                    // Taken here, not after join(): a fork that outlives the call mostly ends while the test
                    // waits for this thread, and looking then would hide it.
                    interruptedWhenDone.set(Thread.currentThread().isInterrupted());
                    // Plannings too: they are counted like calls, and no more allowed to outlive the call.
                    inFlightWhenDone.set(downstream.inFlight() + downstream.routes().running());
                    logWhenDone.set(downstream.log());
                }
            });
            return new Caller(thread, thrown, inFlightWhenDone, logWhenDone, interruptedWhenDone);
        }

        /** Waits until the caller's thread has ended, then throws what the call threw, if anything. */
        void join() throws Throwable {
            // A ceiling, not a sleep: a call that never returns fails the test instead of hanging it.
            eventually().until(() -> !thread.isAlive());
            if (thrown.get() != null) {
                throw thrown.get();
            }
        }
    }
}
