package dev.asyncref.virtualthreads;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * The workload as plain blocking methods, meant to run on virtual threads: each returns its result or
 * throws the domain exception itself; interrupting the calling thread cancels what is in flight and
 * throws {@link InterruptedException}. Each runs for the request bound in its caller's
 * {@link RequestScope} ({@link BlockingBridge} binds it for every operation): every thread it starts carries
 * that request, and none is left with it afterwards.
 *
 * <p>Streams are {@link Stream}s, lazy and closeable, the JDK's type for a sequence read from a resource as
 * it is consumed ({@code Files.lines}, a JDBC cursor behind a repository's {@code Stream} query): no call is
 * made until the consumer pulls, and each pull that needs one blocks the consumer's thread on it. Every
 * operation of a stream works, from {@code forEach} to {@code iterator()}, and try-with-resources closes it;
 * an {@link java.util.Iterator} has no close, and a {@code CloseableIterator} of our own would be one more
 * type to learn. A stream's methods cannot throw {@link InterruptedException}: interrupting a consumer
 * blocked in a pull cancels the call and throws {@link CancellationException}, the interrupt kept pending.
 * Closing a stream, from any thread, cancels its call in flight, and a consumer waiting on it throws
 * {@link CancellationException}. A failed call is thrown from the pull as the step's failure, after the
 * items before it.
 */
public interface BlockingPizzeria {

    Quote quote(Order order) throws InterruptedException;

    Receipt checkout(Order order) throws InterruptedException;

    List<BakedPizza> bake(Order order) throws InterruptedException;

    List<BakedPizza> bakeBatch(Order order, int ovens) throws InterruptedException;

    List<BakeOutcome> bakeBatchOutcomes(Order order, int ovens) throws InterruptedException;

    CourierOffer findCourier(Order order) throws InterruptedException;

    Quote quoteWithin(Order order, Duration timeout) throws InterruptedException;

    Receipt checkoutWithin(Order order, Duration deadline) throws InterruptedException;

    CourierOffer findCourierWithin(Order order, Duration timeout) throws InterruptedException;

    Quote quoteHedged(Order order, Duration hedgeAfter) throws InterruptedException;

    Quote quoteWithRetries(Order order, RetryPolicy retries) throws InterruptedException;

    /**
     * Reserves, charges and books within {@code deadline}; on a failure, a timeout or an interrupt, gives back
     * what it acquired before it throws. Returning normally, it hands everything over to its caller, even if
     * an interrupt came just too late to stop it (the interrupt is then kept pending, as a blocking call
     * does).
     */
    PlacedOrder placeOrder(Order order, Duration deadline) throws InterruptedException;

    /**
     * Looks the customer's address up, blocking the calling thread, then plans the route there on a core
     * ({@link Cores}); an interrupt cancels the lookup, or stops the planning, or keeps it from starting.
     */
    DeliveryPlan planDelivery(Order order) throws InterruptedException;

    /**
     * The order's updates, a tracking call each, made as the consumer pulls; the stream ends after the call
     * that finds no further update.
     *
     * @throws dev.asyncref.domain.InvalidOrderException at once, before any call, for an invalid order
     */
    Stream<OrderUpdate> track(Order order);

    /**
     * The customer's past orders, oldest first, a page fetched only when the consumer pulls past the pages
     * before; the stream ends after the last page.
     *
     * @throws dev.asyncref.domain.InvalidOrderException at once, before any call, for no customer
     */
    Stream<PastOrder> history(String customer);

    /**
     * Gives back all that {@code placed} holds, latest first: the booking cancelled, the charge refunded, the
     * reservation released; an interrupt of the calling thread stops none of it. Only the blocking API needs
     * it: {@link BlockingBridge} calls it for an order placed just as its stage was cancelled, since nobody
     * else will ever see that order.
     *
     * @throws IllegalStateException once every give-back has run, if any failed (each failure suppressed)
     */
    void giveBack(PlacedOrder placed);
}
