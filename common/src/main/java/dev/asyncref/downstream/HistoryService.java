package dev.asyncref.downstream;

import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Page;
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.PastOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

/**
 * Lists customers' past orders, a page per call ({@value Page#SIZE} orders a page, oldest first). Every
 * customer has {@value #DEFAULT_ORDERS} past orders unless {@link #orders} sets another count; an empty
 * history is one empty, last page. Asking for a page beyond the last is an error.
 */
public final class HistoryService extends SimulatedService<PageQuery, Page> {

    static final long DEFAULT_ORDERS = 12;

    private static final List<String> PIZZAS = Menu.pizzaNames().stream().sorted().toList();

    private final Map<String, Long> orders;

    HistoryService(Downstream.Settings settings, Network network, CallLog log) {
        this(settings, network, log, new ConcurrentHashMap<>());
    }

    private HistoryService(Downstream.Settings settings, Network network, CallLog log,
            Map<String, Long> orders) {
        super("history", settings, network, log, query -> page(query, orders));
        this.orders = orders;
    }

    public Cancellable page(PageQuery query, Callback<? super Page> callback) {
        return call(query, callback);
    }

    public Page page(PageQuery query) throws InterruptedException {
        return callBlocking(query);
    }

    /** From now on, {@code customer} has {@code count} past orders (0 to {@link Long#MAX_VALUE}). */
    public HistoryService orders(String customer, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be zero or positive, got " + count);
        }
        orders.put(customer, count);
        return this;
    }

    private static Page page(PageQuery query, Map<String, Long> orders) {
        long count = orders.getOrDefault(query.customer(), DEFAULT_ORDERS);
        long pages = Math.max(1, count / Page.SIZE + (count % Page.SIZE == 0 ? 0 : 1));
        if (query.page() < 1 || query.page() > pages) {
            throw new IllegalArgumentException("no page " + query.page() + ": " + pages + " in all");
        }
        long first = (query.page() - 1) * Page.SIZE + 1;
        long last = Math.min(count, first + Page.SIZE - 1);
        List<PastOrder> listed = LongStream.rangeClosed(first, last)
                .mapToObj(number -> new PastOrder(query.customer(), number, PIZZAS.get((int) (number % PIZZAS.size()))))
                .toList();
        return new Page(query.customer(), query.page(), listed, query.page() == pages);
    }
}
