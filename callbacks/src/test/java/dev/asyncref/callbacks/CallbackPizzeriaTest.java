package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
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
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener's side of the callback style: what only a raw listener can show. */
class CallbackPizzeriaTest {

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();
    private final CallbackPizzeria pizzeria = new CallbackPizzeria(downstream);
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
}
