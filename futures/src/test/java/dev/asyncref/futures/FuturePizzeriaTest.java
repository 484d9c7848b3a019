package dev.asyncref.futures;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The future's side of the futures style: thread policy and the exceptions a caller of join() sees. */
class FuturePizzeriaTest {

    private final Downstream downstream = Downstream.start();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pizzeria-", 1).factory());
    private final FuturePizzeria pizzeria = new FuturePizzeria(downstream, executor);

    @AfterEach
    void closeServicesAndExecutor() {
        executor.close();
        downstream.close();
    }

    @Test
    void theReturnedFutureCompletesOnThePizzeriasExecutorNotOnTheServicesEventLoop() {
        // Held until thenApply is attached: on an already completed future it would run on this thread.
        downstream.menu().hold();
        CompletableFuture<String> completedOn = pizzeria.quote(ONE_PIZZA)
                .thenApply(quote -> Thread.currentThread().getName());
        downstream.menu().open();

        assertThat(completedOn.join()).startsWith("pizzeria-");
    }

    @Test
    void theNextStepStartsOnThePizzeriasExecutor() {
        pizzeria.checkout(ONE_PIZZA).join();

        assertThat(downstream.payments().log())
                .filteredOn(event -> event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void aTimedOutCallIsCancelledOnThePizzeriasExecutorNotOnTheJdksTimer() {
        downstream.menu().hold();

        pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1)).exceptionally(timedOut -> null).join();

        assertThat(downstream.menu().log())
                .filteredOn(event -> event.is(CallEvent.Kind.CANCELLED))
                .extracting(CallEvent::thread)
                .singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void aRetryStartsOnThePizzeriasExecutorNotOnTheJdksTimer() {
        downstream.menu().failCalls(call -> call == 1);

        pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(2, Duration.ofMillis(1), 0)).join();

        assertThat(downstream.menu().log())
                .filteredOn(event -> event.call() == 2 && event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void giveBacksStartOnThePizzeriasExecutorNotOnTheServicesEventLoop() {
        downstream.dispatch().failWhen(order -> true);

        pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).exceptionally(failed -> null).join();

        assertThat(downstream.log())
                .filteredOn(event -> event.service().contains(".") && event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .hasSize(2).allSatisfy(thread -> assertThat(thread).startsWith("pizzeria-"));
    }

    @Test
    void joinWrapsTheDomainExceptionOnceAsEveryJoinDoes() {
        downstream.kitchen().failWhen(FUNGHI::equals);

        assertThatThrownBy(() -> pizzeria.bake(THREE_PIZZAS).join())
                .isExactlyInstanceOf(CompletionException.class)
                .cause().isExactlyInstanceOf(StepFailedException.class);
    }

    @Test
    void cancellingADerivedStageDoesNotReachTheCallsWhichIsWhyCancelTheReturnedFuture() {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();
        CompletableFuture<List<BakedPizza>> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);

        baked.thenApply(List::size).cancel(true);
        assertThat(kitchen.inFlight()).as("a derived stage's cancel stays with that stage").isEqualTo(3);

        baked.cancel(true);
        eventually().until(() -> kitchen.inFlight() == 0); // the last cancel may finish on the executor
    }
}
