package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.resultOf;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Money;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** R2: dependent calls in sequence, {@link Pizzeria#checkout}. */
public interface SequenceContract extends PizzeriaUnderTest {

    /** A total only the menu service knows (today's prices), so the charge can only have it from the quote. */
    Money TODAYS_TOTAL = Menu.priceOf(THREE_PIZZAS).plus(new Money(37));

    @Test
    default void r2_1_chargesTheQuotedTotal(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().prices(order -> TODAYS_TOTAL);

        Receipt receipt = resultOf(pizzeria.checkout(THREE_PIZZAS));

        Payment expected = new Payment(THREE_PIZZAS.customer(), TODAYS_TOTAL);
        assertThat(downstream.payments().log()).as("R2.1: the charge carries the quote's total")
                .filteredOn(event -> event.is(Kind.STARTED))
                .extracting(CallEvent::request)
                .containsExactly(expected);
        assertThat(receipt.amount()).isEqualTo(expected.amount());
        assertThat(receipt.customer()).isEqualTo(expected.customer());
    }

    @Test
    default void r2_2_chargesOnlyAfterTheQuoteArrived(Pizzeria pizzeria, Downstream downstream) {
        downstream.menu().hold();

        CompletionStage<Receipt> receipt = pizzeria.checkout(THREE_PIZZAS);

        eventually().until(() -> downstream.menu().waiting() == 1);
        assertThat(downstream.payments().calls()).as("R2.2: no charge while the quote is pending").isZero();
        downstream.menu().open();
        resultOf(receipt);
        assertThat(downstream.log()).as("R2.2: quote answered, then charge started")
                .extracting(CallEvent::service, CallEvent::kind)
                .containsExactly(
                        tuple("menu", Kind.STARTED),
                        tuple("menu", Kind.SUCCEEDED),
                        tuple("payments", Kind.STARTED),
                        tuple("payments", Kind.SUCCEEDED));
    }
}
