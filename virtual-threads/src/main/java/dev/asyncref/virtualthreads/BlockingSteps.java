package dev.asyncref.virtualthreads;

import static dev.asyncref.domain.Step.ADDRESS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.BOOK;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.HISTORY;
import static dev.asyncref.domain.Step.QUOTE;
import static dev.asyncref.domain.Step.RESERVE;
import static dev.asyncref.domain.Step.ROUTE;
import static dev.asyncref.domain.Step.TRACK;

import dev.asyncref.context.OperationLog;
import dev.asyncref.domain.Address;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Booking;
import dev.asyncref.domain.Menu;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Page;
import dev.asyncref.domain.PageQuery;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Reservation;
import dev.asyncref.domain.Route;
import dev.asyncref.domain.TrackingQuery;
import dev.asyncref.downstream.AddressBook;
import dev.asyncref.downstream.DispatchService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.HistoryService;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.downstream.StockService;
import dev.asyncref.downstream.TrackingService;
import dev.asyncref.virtualthreads.CallStream.Batch;
import dev.asyncref.virtualthreads.patterns.GiveBacks;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Internal to this module: what both virtual-thread styles do alike, in one place rather than in one style's
 * public methods. Public only because the styles live in sibling packages ({@code plain}, {@code structured});
 * neither style's API, and no pattern (each style forks, races and times its steps with its own
 * {@code patterns}).
 *
 * <p>Each step is one blocking call made on the calling thread, its failure named after its step
 * ({@link dev.asyncref.domain.Step#failed}) on that thread, whose MDC names the operation and the request.
 * placeOrder's steps record what they acquire the moment their call returns, on the thread that made it: a step
 * run on a fork may be cancelled before its value reaches anyone, so nothing later may be relied on to see it.
 * The streams fork nothing: each call runs on the consumer's thread, in the pull that needs it
 * ({@link CallStream}).
 */
public final class BlockingSteps {

    private final MenuService menu;
    private final PaymentService payments;
    private final KitchenService kitchen;
    private final StockService stock;
    private final DispatchService dispatch;
    private final TrackingService tracking;
    private final HistoryService history;
    private final AddressBook addresses;
    private final RoutePlanner routes;

    public BlockingSteps(Downstream downstream) {
        this.menu = downstream.menu();
        this.payments = downstream.payments();
        this.kitchen = downstream.kitchen();
        this.stock = downstream.stock();
        this.dispatch = downstream.dispatch();
        this.tracking = downstream.tracking();
        this.history = downstream.history();
        this.addresses = downstream.addresses();
        this.routes = downstream.routes();
    }

    /**
     * Give-backs for the request this thread runs for: each runs on a virtual thread of its own, which carries
     * the request (a thread started by hand inherits no scoped value), and one that fails with nobody left to
     * hear it is logged under the request.
     */
    public static GiveBacks giveBacks() {
        return new GiveBacks(task -> Thread.ofVirtual().name("give-back").unstarted(RequestScope.carried(task)),
                OperationLog::giveBackFailed);
    }

    /**
     * A step's checked failure, which a pattern wraps: none throws one but {@link InterruptedException}, and a
     * fork's only when something other than its pattern interrupts it.
     */
    public static RuntimeException unchecked(ExecutionException failed) {
        return new IllegalStateException("a step failed with a checked exception", failed.getCause());
    }

    /** The quote of an order already validated. */
    public Quote quote(Order order) throws InterruptedException {
        try {
            return menu.quote(order);
        } catch (RuntimeException failure) {
            throw QUOTE.failed(failure);
        }
    }

    /** The customer pays the quoted total. */
    public Receipt charge(Order order, Quote quote) throws InterruptedException {
        try {
            return payments.charge(new Payment(order.customer(), quote.total()));
        } catch (RuntimeException failure) {
            throw CHARGE.failed(failure);
        }
    }

    public BakedPizza bake(Pizza pizza) throws InterruptedException {
        try {
            return kitchen.bake(pizza);
        } catch (RuntimeException failure) {
            throw BAKE.failed(failure);
        }
    }

    /** placeOrder's first step: the reservation, recorded to be released. */
    public Reservation reserve(Order order, GiveBacks giveBacks) throws InterruptedException {
        try {
            Reservation reservation = stock.reserve(order);
            giveBacks.acquired(() -> stock.release(reservation));
            return reservation;
        } catch (RuntimeException failure) {
            throw RESERVE.failed(failure);
        }
    }

    /** placeOrder's charge: the order's price, recorded to be refunded. */
    public Receipt charge(Order order, GiveBacks giveBacks) throws InterruptedException {
        try {
            Receipt receipt = payments.charge(new Payment(order.customer(), Menu.priceOf(order)));
            giveBacks.acquired(() -> payments.refund(receipt));
            return receipt;
        } catch (RuntimeException failure) {
            throw CHARGE.failed(failure);
        }
    }

    /** placeOrder's last step: the booking, recorded to be cancelled. */
    public Booking book(Order order, GiveBacks giveBacks) throws InterruptedException {
        try {
            Booking booking = dispatch.book(order);
            giveBacks.acquired(() -> dispatch.cancelBooking(booking));
            return booking;
        } catch (RuntimeException failure) {
            throw BOOK.failed(failure);
        }
    }

    /**
     * The legacy lookup blocks the calling virtual thread, which is what virtual threads are for: it unmounts,
     * and its carrier runs others meanwhile.
     */
    public Address lookUpAddress(Order order) throws InterruptedException {
        try {
            return addresses.lookup(order.customer());
        } catch (RuntimeException failure) {
            throw ADDRESS.failed(failure);
        }
    }

    /**
     * On a core ({@link Cores}) rather than on the calling virtual thread, which, never preempted, would hold its
     * carrier until the planning ends.
     */
    public Route planRoute(Address address) throws InterruptedException {
        try {
            return Cores.compute(cancelled -> routes.plan(address, cancelled));
        } catch (RuntimeException failure) {
            throw ROUTE.failed(failure);
        }
    }

    /** The order's updates, a long-poll each for the update after the last one the stream had (0 at first). */
    public Stream<OrderUpdate> track(Order order) {
        OrderValidation.requireValid(order);
        return CallStream.of(0L, after -> {
            Optional<OrderUpdate> update = follow(order, after);
            return update.map(next -> Batch.then(List.of(next), next.sequence()))
                    .orElseGet(() -> Batch.last(List.of()));
        });
    }

    /** The customer's past orders, a page fetched when the consumer pulls past the pages before. */
    public Stream<PastOrder> history(String customer) {
        OrderValidation.requireValidCustomer(customer);
        return CallStream.of(1L, number -> {
            Page page = page(customer, number);
            return page.last() ? Batch.last(page.orders()) : Batch.then(page.orders(), number + 1);
        });
    }

    /** All that {@code placed} holds, given back latest first whatever interrupts the caller. */
    public void giveBack(PlacedOrder placed) {
        GiveBacks giveBacks = giveBacks();
        giveBacks.acquired(() -> stock.release(placed.reservation()));
        giveBacks.acquired(() -> payments.refund(placed.receipt()));
        giveBacks.acquired(() -> dispatch.cancelBooking(placed.booking()));
        List<Throwable> failures = giveBacks.giveBackAll();
        if (!failures.isEmpty()) {
            IllegalStateException notAllGivenBack = new IllegalStateException("not all given back: " + placed);
            failures.forEach(notAllGivenBack::addSuppressed);
            throw notAllGivenBack;
        }
    }

    private Optional<OrderUpdate> follow(Order order, long after) throws InterruptedException {
        try {
            return tracking.next(new TrackingQuery(order, after));
        } catch (RuntimeException failure) {
            throw TRACK.failed(failure);
        }
    }

    private Page page(String customer, long number) throws InterruptedException {
        try {
            return history.page(new PageQuery(customer, number));
        } catch (RuntimeException failure) {
            throw HISTORY.failed(failure);
        }
    }
}
