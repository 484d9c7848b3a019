package dev.asyncref.virtualthreads;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** What the bridge itself adds to a {@link BlockingPizzeria}, shown on a scripted one. */
class BlockingBridgeTest {

    private static final PlacedOrder PLACED = new PlacedOrder(new Reservation("res-1", ONE_PIZZA),
            new Receipt("pay-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA)), new Booking("slot-1", ONE_PIZZA));

    private final BlockingPizzeria pizzeria = mock(BlockingPizzeria.class);

    @Test
    void anOrderPlacedJustAsItsStageIsCancelledIsGivenBack() throws InterruptedException {
        // Still placing when the stage is cancelled, done just after: it returns normally with the interrupt
        // pending, as a blocking call whose answer won the race with the interrupt does.
        when(pizzeria.placeOrder(any(), any())).thenAnswer(placing -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
            return PLACED;
        });
        CompletableFuture<PlacedOrder> placed = new BlockingBridge(pizzeria)
                .placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).toCompletableFuture();

        placed.cancel(true);

        assertThat(placed).isCancelled();
        eventually().untilAsserted(() -> verify(pizzeria).giveBack(PLACED));
    }
}
