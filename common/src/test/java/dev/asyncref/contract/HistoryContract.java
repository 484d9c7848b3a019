package dev.asyncref.contract;

import static dev.asyncref.contract.Outcomes.assertStaysTrue;
import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.workload.Pizzeria;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** R14: pagination, {@link Pizzeria#history}: pages fetched lazily, as the subscriber wants more. */
public interface HistoryContract extends PizzeriaUnderTest {

    String CUSTOMER = "ada";

    @Test
    default void r14_1_listsEveryPastOrderOldestFirstPageByPageThenCompletes(Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(CUSTOMER)).request(Long.MAX_VALUE);

        history.awaitTermination();

        assertThat(history.items()).extracting(PastOrder::number)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
        assertThat(history.completions()).isOne();
        assertThat(downstream.history().calls()).as("R14.1: 12 orders, 3 pages").isEqualTo(3);
    }

    @Test
    default void r14_2_demandForOneItemFetchesExactlyOnePage(Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(CUSTOMER)).request(1);

        assertThat(history.awaitItems(1)).extracting(PastOrder::number).containsExactly(1L);
        assertThat(downstream.history().calls()).as("R14.2: one page (none ahead: stochastic R15.1)").isOne();
        history.cancel();
    }

    @Test
    default void r14_3_fetchesTheNextPageOnlyWhenDemandGoesBeyondThePagesBefore(
            Pizzeria pizzeria, Downstream downstream) {
        HistoryService pages = downstream.history();
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(CUSTOMER)).request(5);
        history.awaitItems(5);
        assertThat(pages.calls()).as("R14.3: the first page met the demand").isOne();

        history.request(1);

        assertThat(history.awaitItems(6)).hasSize(6);
        assertThat(pages.calls()).as("R14.3: one more page for the sixth order").isEqualTo(2);
        history.cancel();
    }

    @Test
    default void r14_4_anEmptyHistoryCompletesAfterOnePage(Pizzeria pizzeria, Downstream downstream) {
        downstream.history().orders(CUSTOMER, 0);

        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(CUSTOMER)).request(1).awaitTermination();

        assertThat(history.items()).isEmpty();
        assertThat(history.completions()).isOne();
        assertThat(downstream.history().calls()).isOne();
    }

    @Test
    default void r14_5_cancellingDuringAPageCancelsItsCall(Pizzeria pizzeria, Downstream downstream) {
        HistoryService pages = downstream.history();
        pages.hold();
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(CUSTOMER)).request(1);
        eventually().until(() -> pages.waiting() == 1);

        history.cancel();

        eventually().until(() -> pages.inFlight() == 0);
        pages.open();
        assertThat(pages.log()).extracting(CallEvent::kind).containsExactly(Kind.STARTED, Kind.CANCELLED);
        assertThat(history.signalsAfterCancel()).as("R16.3: nothing after the cancel").isZero();
    }

    /**
     * "Nothing after the cancel" and "no further page" are absences: a producer that outlives its subscriber
     * fetches again on its own thread, some time later, so both are watched for {@link Periods#QUIET}.
     */
    @Test
    @Stochastic
    default void stochastic_r14_5_afterACancelNoPageIsFetchedAndNothingIsSignalled(
            Pizzeria pizzeria, Downstream downstream) {
        HistoryService pages = downstream.history();
        pages.hold();
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(CUSTOMER)).request(Long.MAX_VALUE);
        eventually().until(() -> pages.waiting() == 1);

        history.cancel();

        eventually().until(() -> pages.inFlight() == 0);
        pages.open();
        assertStaysTrue("R14.5, R16.3: no page and no signal after the cancel",
                () -> history.signalsAfterCancel() == 0 && pages.calls() == 1);
    }

    @Test
    default void r14_7_aSubscriberAskingForExactlyTheOrdersGetsTheEndWithoutAskingMore(
            Pizzeria pizzeria, Downstream downstream) {
        downstream.history().orders(CUSTOMER, 10);

        RecordingSubscriber<PastOrder> history =
                subscribeTo(pizzeria.history(CUSTOMER)).request(10).awaitTermination();

        assertThat(history.items()).hasSize(10);
        assertThat(history.completions()).as("R14.7: the last page said so: completed with no demand left").isOne();
        assertThat(downstream.history().calls()).as("R14.7: no call to learn the end").isEqualTo(2);
    }

    @ParameterizedTest(name = "R14.6 customer = \"{0}\"")
    @NullSource
    @ValueSource(strings = {"", "  "})
    default void r14_6_rejectsAHistoryWithoutACustomerAfterOnSubscribe(
            String customer, Pizzeria pizzeria, Downstream downstream) {
        RecordingSubscriber<PastOrder> history = subscribeTo(pizzeria.history(customer)).awaitTermination();

        assertThat(history.subscriptions()).as("R14.6: onSubscribe first, once").isOne();
        assertThat(history.errors()).singleElement().isExactlyInstanceOf(InvalidOrderException.class)
                .hasFieldOrPropertyWithValue("message", "history needs a customer");
        assertThat(downstream.log()).as("R14.6: no downstream call").isEmpty();
    }
}
