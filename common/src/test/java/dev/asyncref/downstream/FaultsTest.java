package dev.asyncref.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.Money;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Receipt;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripted failures by call number, retryability, scripted prices, and the undo services. */
class FaultsTest {

    private static final Order ORDER = Order.of("ada", Pizza.of("margherita"));

    private final Downstream downstream = Downstream.start();
    private final MenuService menu = downstream.menu();

    @AfterEach
    void closeDownstream() {
        downstream.close();
    }

    @Test
    void failCallsFailsTheCallsWithThoseNumbersWithARetryableFailureNamingTheCall() throws InterruptedException {
        menu.failCalls(call -> call == 2);

        menu.quote(ORDER);
        assertThatThrownBy(() -> menu.quote(ORDER)).isInstanceOfSatisfying(DownstreamException.class, failure -> {
            assertThat(failure).hasMessage("menu: call 2 unavailable, try again");
            assertThat(DownstreamException.worthRetrying(failure)).isTrue();
        });
        assertThat(menu.quote(ORDER).order()).isEqualTo(ORDER);
    }

    @Test
    void theFirstMatchingScriptDecides() {
        menu.failCalls(call -> call == 1, order -> DownstreamException.permanent("menu", "order rejected"));
        menu.failCalls(call -> true);

        assertThatThrownBy(() -> menu.quote(ORDER)).hasMessage("menu: order rejected")
                .matches(failure -> !DownstreamException.worthRetrying(failure), "not worth retrying");
        assertThatThrownBy(() -> menu.quote(ORDER)).hasMessage("menu: call 2 unavailable, try again");
    }

    @Test
    void callsWithALatencyOfTheirOwnAnswerAfterTheOthers() throws InterruptedException {
        menu.latency(call -> call == 1, Duration.ofSeconds(10));
        menu.quote(ORDER, Callback.of(quote -> {}, error -> {}));

        menu.quote(ORDER);

        assertThat(menu.log()).extracting(CallEvent::call, CallEvent::kind).containsExactly(
                tuple(1L, CallEvent.Kind.STARTED), tuple(2L, CallEvent.Kind.STARTED),
                tuple(2L, CallEvent.Kind.SUCCEEDED));
    }

    @Test
    void theMenuAnswersTodaysPricesOnceSetNotTheMenuList() throws InterruptedException {
        assertThat(menu.quote(ORDER).total()).as("the list price before").isEqualTo(Money.euros(8, 50));

        menu.prices(order -> Money.euros(8, 87));

        assertThat(menu.quote(ORDER).total()).isEqualTo(Money.euros(8, 87));
    }

    @Test
    void onlyARetryableDownstreamFailureIsWorthRetrying() {
        assertThat(DownstreamException.worthRetrying(new DownstreamException("menu", "busy"))).isTrue();
        assertThat(DownstreamException.worthRetrying(DownstreamException.permanent("menu", "no"))).isFalse();
        assertThat(DownstreamException.worthRetrying(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void anUndoServiceAnswersWithWhatItUndidAndLogsUnderItsOwnName() throws InterruptedException {
        Receipt receipt = new Receipt("pay-1", "ada", Money.euros(8, 50));

        assertThat(downstream.payments().refund(receipt)).isEqualTo(receipt);

        assertThat(downstream.payments().refunds().log()).extracting(CallEvent::service, CallEvent::request)
                .containsOnly(tuple("payments.refund", receipt));
        assertThat(downstream.payments().log()).as("the charge service's own log").isEmpty();
        assertThat(downstream.services()).contains(downstream.payments().refunds(),
                downstream.stock().releases(), downstream.dispatch().cancellations());
    }
}
