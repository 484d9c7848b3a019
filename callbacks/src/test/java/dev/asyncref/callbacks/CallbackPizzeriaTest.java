package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.asyncref.callbacks.patterns.Call;
import dev.asyncref.context.OperationName;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** The listener's side of the callback style: what only a raw listener can show. */
class CallbackPizzeriaTest {

    private static final Quote QUOTE = new Quote(ONE_PIZZA, Menu.priceOf(ONE_PIZZA));
    private static final PlacedOrder PLACED = new PlacedOrder(new Reservation("res-1", ONE_PIZZA),
            new Receipt("pay-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA)), new Booking("slot-1", ONE_PIZZA));

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    @AutoClose
    private final Pools pools = new Pools();
    private final ScheduledThreadPoolExecutor scheduler = pools.timer;
    private final CallbackPizzeria pizzeria = pools.pizzeria(downstream);
    @SuppressWarnings("unchecked")
    private final Callback<List<BakedPizza>> listener = mock(Callback.class);
    @SuppressWarnings("unchecked")
    private final Callback<Quote> quoteListener = mock(Callback.class);
    @SuppressWarnings("unchecked")
    private final Callback<PlacedOrder> placedListener = mock(Callback.class);

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    @Test
    void theListenerHearsOnceWhenTwoBakesFail() {
        kitchen.failWhen(pizza -> pizza.equals(FUNGHI) || pizza.equals(DIAVOLA)).hold();
        pizzeria.bake(THREE_PIZZAS, listener);
        eventually().until(() -> kitchen.waiting() == 3);

        kitchen.release(DIAVOLA::equals);
        // The other bakes are cancelled before the listener hears, so nothing is in flight by then.
        eventually().untilAsserted(() -> verify(listener).onFailure(argThat(
                error -> error instanceof StepFailedException && error.getMessage().contains(DIAVOLA.toString()))));
        kitchen.open();

        assertThat(kitchen.inFlight()).isZero();
        verifyNoMoreInteractions(listener);
    }

    @Test
    void theListenerIsNeverCalledAfterCancel() {
        kitchen.hold();
        Cancellable bake = pizzeria.bake(THREE_PIZZAS, listener);
        eventually().until(() -> kitchen.waiting() == 3);

        assertThat(bake.cancel()).isTrue();
        kitchen.open();

        assertThat(kitchen.inFlight()).isZero();
        assertThat(bake.cancel()).as("cancelling twice is harmless").isFalse();
        verifyNoInteractions(listener);
    }

    @Test
    void theListenerRunsOnTheDownstreamThreadThatDeliveredTheLastAnswer() {
        AtomicReference<String> deliveredOn = new AtomicReference<>();

        pizzeria.bake(THREE_PIZZAS, Callback.of(
                baked -> deliveredOn.set(Thread.currentThread().getName()), error -> {}));

        eventually().until(() -> deliveredOn.get() != null);
        assertThat(deliveredOn.get()).startsWith("downstream-").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void anInvalidOrderIsReportedAtOnceOnTheCallersThread() {
        Order noPizzas = new Order("ada", List.of());

        pizzeria.bake(noPizzas, listener);

        verify(listener).onFailure(any(InvalidOrderException.class));
        assertThat(downstream.log()).isEmpty();
    }

    @Test
    void aTimeoutReachesTheListenerOnTheCallersScheduler() {
        downstream.menu().hold();
        AtomicReference<String> heardOn = new AtomicReference<>();

        pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1), Callback.of(quote -> {},
                timedOut -> heardOn.set(Thread.currentThread().getName())));

        eventually().until(() -> heardOn.get() != null);
        assertThat(heardOn.get()).as("the menu never answered: the timer told the listener").isEqualTo("timer");
    }

    @Test
    void anAnswerInTimeCancelsItsTimer() {
        AtomicReference<Quote> quoted = new AtomicReference<>();

        pizzeria.quoteWithin(ONE_PIZZA, Duration.ofHours(1), Callback.of(quoted::set, error -> {}));

        eventually().until(() -> quoted.get() != null);
        assertThat(scheduler.getQueue()).as("no timer left waiting an hour for nothing").isEmpty();
    }

    @Test
    void anAnswerArrivingWhileAStepStartsIsHeardOnlyOnceThatStepIsCancelled() throws InterruptedException {
        Outcome<Quote> outcome = new Outcome<>(RequestMdc.capture(OperationName.QUOTE), quoteListener);
        Call.Cancellable step = mock(Call.Cancellable.class);
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread stepping = Thread.ofPlatform().start(() -> outcome.<Quote>start(callback -> {
            starting.countDown();
            awaitUninterruptibly(started);
            return step;
        }, quote -> {}));
        starting.await();

        Thread answering = Thread.ofPlatform().start(() -> outcome.succeed(QUOTE));
        eventually().until(() -> answering.getState() == Thread.State.BLOCKED);
        verifyNoInteractions(quoteListener);
        started.countDown();
        stepping.join();
        answering.join();

        InOrder inOrder = inOrder(step, quoteListener);
        inOrder.verify(step).cancel();
        inOrder.verify(quoteListener).onSuccess(QUOTE);
    }

    @Test
    void aHedgeStillWaitingIsNeverSentOnceCancelled() {
        MenuService menu = downstream.menu();
        menu.hold();
        Cancellable quote = pizzeria.quoteHedged(ONE_PIZZA, Duration.ofHours(1), quoteListener);
        assertThat(scheduler.getQueue()).as("the hedge waits on the caller's scheduler").hasSize(1);

        assertThat(quote.cancel()).isTrue();
        menu.open();

        assertThat(scheduler.getQueue()).as("its timer is gone, so no hedge can ever be sent").isEmpty();
        assertThat(menu.calls()).isOne();
        assertThat(menu.inFlight()).isZero();
        verifyNoInteractions(quoteListener);
    }

    @Test
    void aFirstAnswerBeforeTheHedgeIsHeardOnceAndTakesTheHedgeTimerWithIt() {
        pizzeria.quoteHedged(ONE_PIZZA, Duration.ofHours(1), quoteListener);

        eventually().untilAsserted(() -> verify(quoteListener).onSuccess(any(Quote.class)));
        assertThat(scheduler.getQueue()).as("no hedge timer left waiting an hour for nothing").isEmpty();
        assertThat(downstream.menu().calls()).isOne();
        verifyNoMoreInteractions(quoteListener);
    }

    @Test
    void aRetryStartsOnTheCallersSchedulerAndOnlyTheLastAttemptIsHeard() {
        MenuService menu = downstream.menu();
        menu.failCalls(call -> call == 1);

        pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(2, Duration.ofMillis(1), 0), quoteListener);

        eventually().untilAsserted(() -> verify(quoteListener).onSuccess(any(Quote.class)));
        verifyNoMoreInteractions(quoteListener);
        assertThat(menu.log()).filteredOn(event -> event.call() == 2 && event.is(Kind.STARTED))
                .extracting(CallEvent::thread).as("the pause's timer started the retry").containsExactly("timer");
    }

    @Test
    void aRetryWaitingOutItsPauseIsNeverStartedOnceCancelled() {
        MenuService menu = downstream.menu();
        menu.failCalls(call -> true);
        Cancellable quote = pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(3, Duration.ofMinutes(1), 0),
                quoteListener);
        eventually().until(() -> scheduler.getQueue().size() == 1);

        assertThat(quote.cancel()).isTrue();

        assertThat(scheduler.getQueue()).as("the pause's timer is gone, so no retry can start").isEmpty();
        assertThat(menu.calls()).isOne();
        verifyNoInteractions(quoteListener);
    }

    @Test
    void aFailedPlacementIsHeardOnceEverythingIsGivenBackLatestFirst() {
        downstream.dispatch().failWhen(order -> true);
        AtomicReference<List<CallEvent>> givenBackWhenHeard = new AtomicReference<>();
        doAnswer(failure -> {
            givenBackWhenHeard.set(downstream.log().stream().filter(event -> event.service().contains(".")).toList());
            return null;
        }).when(placedListener).onFailure(any());

        pizzeria.placeOrder(ONE_PIZZA, Duration.ofHours(1), placedListener);

        // Waits for the snapshot, not the invocation: Mockito records a call before it runs its answer.
        eventually().until(() -> givenBackWhenHeard.get() != null);
        verify(placedListener).onFailure(argThat(
                error -> error instanceof StepFailedException failed && failed.step() == Step.BOOK));
        verifyNoMoreInteractions(placedListener);
        assertThat(givenBackWhenHeard.get()).as("the refund, then the release, both answered before the failure")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                        tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
        assertThat(scheduler.getQueue()).as("the deadline's timers end with the placement").isEmpty();
    }

    @Test
    void aCancelledPlacementIsNeverHeardYetGivesBackToTheEnd() {
        PaymentService payments = downstream.payments();
        payments.hold();
        Cancellable placing = pizzeria.placeOrder(ONE_PIZZA, Duration.ofHours(1), placedListener);
        eventually().until(() -> payments.waiting() == 1);

        assertThat(placing.cancel()).isTrue();
        payments.open();

        assertThat(scheduler.getQueue()).as("the deadline's timers end with the placement").isEmpty();
        assertThat(payments.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
        eventually().until(() -> downstream.stock().releases().log().stream()
                .anyMatch(event -> event.is(Kind.SUCCEEDED)));
        verifyNoInteractions(placedListener);
    }

    @Test
    void aCancelTooLateToStopAPlacementLeavesItsResultToTheCaller() {
        CallbackPizzeria settled = mock(CallbackPizzeria.class);
        AtomicReference<Callback<? super PlacedOrder>> listenerOfPlacement = new AtomicReference<>();
        when(settled.placeOrder(any(), any(), any())).thenAnswer(placement -> {
            listenerOfPlacement.set(placement.getArgument(2));
            Cancellable tooLate = () -> false; // settled: its result is on its way to the listener
            return tooLate;
        });
        CompletableFuture<PlacedOrder> future = new CallbackBridge(settled)
                .placeOrder(ONE_PIZZA, Duration.ofHours(1)).toCompletableFuture();

        assertThat(future.cancel(true)).as("the placement could not be cancelled, so neither can its future").isFalse();
        listenerOfPlacement.get().onSuccess(PLACED);

        assertThat(future).as("the caller holds the charge, not a cancelled future").isCompletedWithValue(PLACED);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
