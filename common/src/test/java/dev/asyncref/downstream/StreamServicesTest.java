package dev.asyncref.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.Page;
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.TrackingQuery;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The services that streams are built from: a tracking long-poll and a paged history. */
class StreamServicesTest {

    private static final Order ORDER = Order.of("ada", Pizza.of("margherita"));

    private final Downstream downstream = Downstream.start();
    private final TrackingService tracking = downstream.tracking();
    private final HistoryService history = downstream.history();

    @AfterEach
    void closeDownstream() {
        downstream.close();
    }

    @Test
    void trackingAnswersEachUpdateAfterTheOneAskedAboutThenNothing() throws InterruptedException {
        assertThat(tracking.next(new TrackingQuery(ORDER, 0))).map(OrderUpdate::status).hasValue("placed");
        assertThat(tracking.next(new TrackingQuery(ORDER, 1))).map(OrderUpdate::status).hasValue("baking");
        assertThat(tracking.next(new TrackingQuery(ORDER, 2))).map(OrderUpdate::status).hasValue("out for delivery");
        assertThat(tracking.next(new TrackingQuery(ORDER, 3))).map(OrderUpdate::status).hasValue("delivered");
        assertThat(tracking.next(new TrackingQuery(ORDER, 4))).isEmpty();
    }

    @Test
    void askingPastTheEndOfTrackingIsAnError() {
        assertThatThrownBy(() -> tracking.next(new TrackingQuery(ORDER, 5)))
                .hasMessage("no update 5 to follow: 4 in all");
    }

    @Test
    void aCustomersOrdersCanHaveAnyNumberOfUpdates() throws InterruptedException {
        tracking.updates("ada", 0);
        assertThat(tracking.next(new TrackingQuery(ORDER, 0))).isEqualTo(Optional.empty());

        tracking.updates("ada", Long.MAX_VALUE);
        assertThat(tracking.next(new TrackingQuery(ORDER, 1_000_000))).map(OrderUpdate::sequence).hasValue(1_000_001L);
    }

    @Test
    void historyListsFiveOrdersAPageTheLastPageSaysSo() throws InterruptedException {
        Page first = history.page(new PageQuery("ada", 1));
        Page last = history.page(new PageQuery("ada", 3));

        assertThat(first.orders()).extracting(PastOrder::number).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(first.last()).isFalse();
        assertThat(last.orders()).extracting(PastOrder::number).containsExactly(11L, 12L);
        assertThat(last.last()).isTrue();
        assertThatThrownBy(() -> history.page(new PageQuery("ada", 4))).hasMessage("no page 4: 3 in all");
    }

    @Test
    void anEmptyHistoryIsOneEmptyLastPageAndAHugeOneNeverEnds() throws InterruptedException {
        history.orders("ada", 0).orders("grace", Long.MAX_VALUE);

        assertThat(history.page(new PageQuery("ada", 1))).extracting(Page::orders, Page::last)
                .containsExactly(List.of(), true);
        assertThat(history.page(new PageQuery("grace", 1_000_000)).last()).isFalse();
    }
}
