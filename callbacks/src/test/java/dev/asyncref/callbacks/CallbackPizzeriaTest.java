package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The listener's side of the callback style: what only a raw listener can show. */
class CallbackPizzeriaTest {

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    @AutoClose
    private final ScheduledThreadPoolExecutor scheduler = scheduler();
    private final CallbackPizzeria pizzeria = new CallbackPizzeria(downstream, scheduler);
    @SuppressWarnings("unchecked")
    private final Callback<List<BakedPizza>> listener = mock(Callback.class);

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
        eventually().until(() -> kitchen.inFlight() == 0);
        kitchen.open();

        verify(listener).onFailure(argThat(error -> error instanceof StepFailedException
                && error.getMessage().contains(DIAVOLA.toString())));
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

    private static ScheduledThreadPoolExecutor scheduler() {
        var scheduler = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("timer").factory());
        // A cancelled timer leaves the queue at once (by default it stays until its delay runs out, which
        // would hide whether it was cancelled), and closing drops the timers left, so that a leaked one
        // fails its test instead of holding up close() for an hour.
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }
}
