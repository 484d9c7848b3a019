package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** R6: the caller cancels the returned stage. */
public interface CancellationContract extends PizzeriaUnderTest {

    @ParameterizedTest(name = "R6.6 {0}")
    @EnumSource(Operation.class)
    default void r6_6_cancellingAnyOperationDuringItsFirstCallCancelsThatCall(
            Operation operation, Pizzeria pizzeria, Downstream downstream) {
        downstream.services().forEach(SimulatedService::hold);
        CompletionStage<?> stage = operation.on(pizzeria, ONE_PIZZA);
        eventually().until(() -> downstream.services().stream().anyMatch(service -> service.waiting() > 0));

        boolean cancelled = stage.toCompletableFuture().cancel(true);

        eventually().until(() -> downstream.inFlight() == 0);
        assertThat(cancelled).as("R6.6: cancel(true) says it cancelled (Future.cancel)").isTrue();
        assertThat(stage.toCompletableFuture()).as("R6.6: the stage says it was cancelled").isCancelled();
        assertThat(downstream.log()).as("R6.6: every call the operation made was cancelled, none answered")
                .isNotEmpty()
                .filteredOn(event -> !event.is(Kind.STARTED)).extracting(CallEvent::kind).containsOnly(Kind.CANCELLED);
    }

    @Test
    default void r6_1_cancellingBakeCancelsEveryBakeInFlight(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();
        CompletionStage<?> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);

        baked.toCompletableFuture().cancel(true);

        eventually().until(() -> kitchen.inFlight() == 0);
        assertThat(kitchen.log()).as("R6.1: every bake logged as cancelled")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::kind)
                .containsExactly(Kind.CANCELLED, Kind.CANCELLED, Kind.CANCELLED);
    }

    @Test
    default void r6_2_cancellingCheckoutDuringTheQuoteCancelsItAndChargesNothing(
            Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<?> receipt = pizzeria.checkout(ONE_PIZZA);
        eventually().until(() -> menu.waiting() == 1);

        receipt.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        menu.open();
        assertThat(menu.log()).extracting(CallEvent::kind)
                .as("R6.2: the quote was cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(downstream.payments().calls()).as("R6.2: no step starts after cancellation").isZero();
    }

    @Test
    default void r6_3_cancellingQuoteCancelsTheMenuCall(Pizzeria pizzeria, Downstream downstream) {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletionStage<?> quote = pizzeria.quote(ONE_PIZZA);
        eventually().until(() -> menu.waiting() == 1);

        quote.toCompletableFuture().cancel(true);

        eventually().until(() -> menu.inFlight() == 0);
        assertThat(menu.log()).extracting(CallEvent::kind)
                .as("R6.3: the menu call was cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    /**
     * The menu's answer is a failure made on the downstream thread after the call is past cancelling (its
     * price list throws), held there until the caller has cancelled: the failure then arrives for a caller who
     * left. Closing the services waits for that thread to finish delivering it.
     */
    @Test
    default void r6_7_aFailureArrivingAsTheCallerCancelsIsReportedByNobody(Pizzeria pizzeria,
            Downstream downstream) throws InterruptedException {
        CountDownLatch answering = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        downstream.menu().prices(order -> {
            answering.countDown();
            awaitUninterruptibly(cancelled);
            throw new DownstreamException("menu", "failed as its caller left");
        });
        try (LogCapture warnings = LogCapture.warnings()) {
            CompletableFuture<?> quote = pizzeria.quote(ONE_PIZZA).toCompletableFuture();
            answering.await();

            quote.cancel(true);
            cancelled.countDown();
            downstream.close();

            assertThat(quote).as("R6.7: the caller's cancel stands").isCancelled();
            assertThat(downstream.menu().log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.FAILED);
            assertThat(warnings.lines()).as("R6.7: reported by nobody (no global error hook, no library logger)")
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException keptForLater) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    default void r6_4_cancellingCheckoutDuringTheChargeCancelsTheCharge(Pizzeria pizzeria, Downstream downstream) {
        PaymentService payments = downstream.payments();
        payments.hold();
        CompletionStage<?> receipt = pizzeria.checkout(ONE_PIZZA);
        eventually().until(() -> payments.waiting() == 1);

        receipt.toCompletableFuture().cancel(true);

        eventually().until(() -> payments.inFlight() == 0);
        assertThat(payments.log()).extracting(CallEvent::kind)
                .as("R6.4: the charge was cancelled").containsExactly(Kind.STARTED, Kind.CANCELLED);
    }

    @Test
    default void r6_5_cancellingBakeAfterOnePizzaIsBakedCancelsOnlyTheRest(Pizzeria pizzeria, Downstream downstream) {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();
        CompletionStage<?> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);
        kitchen.release(MARGHERITA::equals);
        eventually().until(() -> kitchen.inFlight() == 2);

        baked.toCompletableFuture().cancel(true);

        eventually().until(() -> kitchen.inFlight() == 0);
        assertThat(kitchen.log()).as("R6.5: the baked pizza stays baked, the others are cancelled")
                .filteredOn(event -> !event.is(Kind.STARTED))
                .extracting(CallEvent::request, CallEvent::kind)
                .containsExactlyInAnyOrder(
                        tuple(MARGHERITA, Kind.SUCCEEDED), tuple(FUNGHI, Kind.CANCELLED),
                        tuple(DIAVOLA, Kind.CANCELLED));
    }

}
