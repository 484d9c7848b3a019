package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.Requests.ids;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.PizzeriaException;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * R20: readable failures. However deep the step that failed and whatever thread noticed it, the failure a
 * caller receives says which operation, which step and which request; many requests fail at once, so a
 * failure that names another request's id shows up.
 */
public interface ReadableFailureContract extends PizzeriaUnderTest {

    int REQUESTS = 8;

    @ParameterizedTest(name = "R20.1 {0}")
    @EnumSource(DeepFailure.class)
    default void r20_1_aFailedStepNamesTheOperationTheStepAndTheRequest(
            DeepFailure failing, Pizzeria pizzeria, Downstream downstream) {
        failing.script.accept(downstream);

        List<String> ids = ids(REQUESTS);
        List<? extends CompletionStage<?>> stages =
                ids.stream().map(id -> as(id, () -> failing.run(pizzeria))).toList();

        for (int i = 0; i < REQUESTS; i++) {
            Throwable failure = Outcomes.failureOf(stages.get(i));
            String prefix = failing.operation + " [request " + ids.get(i) + "]: step '" + failing.step + "' failed";
            assertThat(failure).as("R20.1").isExactlyInstanceOf(StepFailedException.class)
                    .hasMessageStartingWith(prefix);
            assertThat((PizzeriaException) failure).as("R20.1")
                    .returns(failing.operation, PizzeriaException::operation)
                    .returns(ids.get(i), PizzeriaException::correlationId);
        }
    }

    @Test
    default void r20_2_aTimeoutRaisedByATimerNamesItsRequest(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().hold();
        List<String> ids = ids(REQUESTS);

        List<? extends CompletionStage<?>> quotes =
                ids.stream().map(id -> as(id, () -> pizzeria.quoteWithin(ONE_PIZZA, Periods.SHORT))).toList();

        for (int i = 0; i < REQUESTS; i++) {
            assertThat(Outcomes.failureOf(quotes.get(i))).as("R20.2").isExactlyInstanceOf(TimedOutException.class)
                    .hasMessage("quoteWithin [request %s]: step 'quote' timed out after %d ms", ids.get(i),
                            Periods.SHORT.toMillis());
        }
    }

    @Test
    default void r20_3_aFailedStreamNamesItsSubscribersRequest(Pizzeria pizzeria, Downstream downstream) {
        downstream.history().failCalls(call -> call == 2);
        RecordingSubscriber<?> subscriber = as("request-1", () -> subscribeTo(pizzeria.history("ada")));

        subscriber.request(Long.MAX_VALUE);
        eventually().until(() -> !subscriber.errors().isEmpty());

        assertThat(subscriber.errors()).as("R20.3").singleElement().isExactlyInstanceOf(StepFailedException.class)
                .extracting(Throwable::getMessage).asString()
                .startsWith("history [request request-1]: step 'history' failed: history: call 2 unavailable");
    }

    /** A step that fails deep inside an operation, after at least one thread hop. */
    enum DeepFailure {
        CHARGE("checkout", "charge", downstream -> downstream.payments().failWhen(any -> true),
                pizzeria -> pizzeria.checkout(ONE_PIZZA)),
        BOOK("placeOrder", "book", downstream -> downstream.dispatch().failWhen(any -> true),
                pizzeria -> pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10))),
        // One pizza burns: a second failure could only be dropped after the first had failed the batch.
        BAKE_IN_A_BATCH("bakeBatch", "bake", downstream -> downstream.kitchen().failWhen(FUNGHI::equals),
                pizzeria -> pizzeria.bakeBatch(THREE_PIZZAS, 2)),
        EVERY_COURIER("findCourier", "find courier",
                downstream -> downstream.couriers().forEach(courier -> courier.failWhen(any -> true)),
                pizzeria -> pizzeria.findCourier(ONE_PIZZA)),
        LAST_RETRY("quoteWithRetries", "quote", downstream -> downstream.menu().failWhen(any -> true),
                pizzeria -> pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(2, Duration.ofMillis(1), 0.5))),
        ADDRESS("planDelivery", "look up address", downstream -> downstream.addresses().failWhen(any -> true),
                pizzeria -> pizzeria.planDelivery(ONE_PIZZA));

        private final String operation;
        private final String step;
        private final Consumer<Downstream> script;
        private final Function<Pizzeria, CompletionStage<?>> run;

        DeepFailure(String operation, String step, Consumer<Downstream> script,
                Function<Pizzeria, CompletionStage<?>> run) {
            this.operation = operation;
            this.step = step;
            this.script = script;
            this.run = run;
        }

        CompletionStage<?> run(Pizzeria pizzeria) {
            return run.apply(pizzeria);
        }
    }
}
