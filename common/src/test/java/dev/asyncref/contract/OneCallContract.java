package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertPending;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Money;
import dev.asyncref.domain.Quote;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** R1: one asynchronous call, {@link Pizzeria#quote}. */
public interface OneCallContract extends PizzeriaUnderTest {

    @Test
    default void r1_1_returnsWhileTheMenuIsStillAnswering(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().hold();

        CompletionStage<Quote> quote = pizzeria.quote(ONE_PIZZA);

        eventually().until(() -> downstream.menu().waiting() == 1);
        assertPending(quote, "R1.1: the caller got control back while the menu holds its answer");
        downstream.menu().open();
        assertThat(resultOf(quote).total()).isEqualTo(Menu.priceOf(ONE_PIZZA));
    }

    @Test
    default void r1_2_deliversTheMenusQuoteFromOneCall(Pizzeria pizzeria, Downstream downstream) {
        Money todaysTotal = Menu.priceOf(THREE_PIZZAS).plus(new Money(37)); // only the menu service knows it
        downstream.menu().prices(order -> todaysTotal);

        Quote quote = resultOf(pizzeria.quote(THREE_PIZZAS));

        assertThat(quote).as("R1.2: the menu's answer").isEqualTo(new Quote(THREE_PIZZAS, todaysTotal));
        assertThat(downstream.log()).as("R1.2: one menu call, nothing else")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(
                        tuple("menu", CallEvent.Kind.STARTED),
                        tuple("menu", CallEvent.Kind.SUCCEEDED));
    }
}
