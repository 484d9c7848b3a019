package dev.asyncref.futures;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.asyncref.contract.LogCapture;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GiveBacks} driven by hand: a charge answered after its operation has given back the rest, the order
 * of events a running {@code placeOrder} meets only when a cancel races the charge's answer (R12.5, R12.7).
 */
class GiveBacksTest {

    private static final Receipt RECEIPT = new Receipt("p-1", ONE_PIZZA.customer(), Menu.priceOf(ONE_PIZZA));

    private final Downstream downstream = Downstream.start();
    private final FutureServices services = new FutureServices(downstream);
    private final Pools pools = new Pools();
    private final GiveBacks giveBacks = new GiveBacks(pools.executor);

    @AfterEach
    void close() {
        pools.close();
        downstream.close();
    }

    @Test
    void aChargeAnsweredAfterTheGiveBacksIsRefundedAtOnceAndItsFailedRefundLoggedOnce() {
        downstream.payments().refunds().failCalls(call -> true);
        giveBacks.giveBackAll();

        try (LogCapture warnings = LogCapture.warnings()) {
            giveBacks.acquired(() -> services.refund(RECEIPT));

            eventually().until(() -> !warnings.lines().isEmpty());
            assertThat(downstream.payments().refunds().log()).extracting(CallEvent::kind)
                    .as("refunded at once").containsExactly(Kind.STARTED, Kind.FAILED);
            assertThat(warnings.lines()).extracting(ILoggingEvent::getFormattedMessage).singleElement()
                    .asString().contains("a give-back failed after the caller left")
                    .contains(downstream.payments().refunds().name());
        }
    }
}
