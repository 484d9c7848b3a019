package dev.asyncref.virtualthreads;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The workload as plain blocking methods, meant to run on virtual threads: each returns its result or
 * throws the domain exception itself; interrupting the calling thread cancels what is in flight and
 * throws {@link InterruptedException}.
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
     * Gives back all that {@code placed} holds, latest first: the booking cancelled, the charge refunded, the
     * reservation released; an interrupt of the calling thread stops none of it. Only the blocking API needs
     * it: {@link BlockingBridge} calls it for an order placed just as its stage was cancelled, since nobody
     * else will ever see that order.
     *
     * @throws IllegalStateException once every give-back has run, if any failed (each failure suppressed)
     */
    void giveBack(PlacedOrder placed);
}
