package dev.asyncref.workload;

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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The shared workload: what every style implements and the contract suite checks. Rules are in
 * {@code common/SPEC.md}; each method names its own.
 *
 * <ul>
 *   <li>Streams are {@link Flow.Publisher}s that keep the Reactive Streams rules (checked by the TCK):
 *       nothing is called before a subscriber requests, and cancelling the subscription cancels the call in
 *       flight; invalid input is an {@code onError} after {@code onSubscribe}.
 *   <li>Every method returns at once; every outcome, including invalid input, arrives through the returned
 *       stage, whose failure is the domain exception itself (R0.1, R0.2).
 *   <li>Cancelling the returned stage ({@code toCompletableFuture().cancel(true)}) cancels the operation's
 *       in-flight downstream calls and starts no further step (R6).
 *   <li>Every operation runs for its caller's request: the correlation id in the caller's SLF4J MDC when it
 *       calls the method (for a stream, when it subscribes) reaches every downstream call, log line and failure
 *       of that operation, on whatever thread they happen, and nowhere else ({@link
 *       dev.asyncref.context.RequestContext}, R17, R20).
 * </ul>
 */
public interface Pizzeria {

    /** One asynchronous call: the menu prices the order (R1). */
    CompletionStage<Quote> quote(Order order);

    /** Dependent calls in sequence: quote the order, then charge the customer the quoted total (R2). */
    CompletionStage<Receipt> checkout(Order order);

    /** Fan-out and fan-in: bake every pizza at once, results in the order's order (R3). */
    CompletionStage<List<BakedPizza>> bake(Order order);

    /**
     * Bounded concurrency, fail-fast: bake every pizza with at most {@code ovens} in the oven at once,
     * results in the order's order; the first failure cancels the bakes in flight and starts no more (R8).
     */
    CompletionStage<List<BakedPizza>> bakeBatch(Order order, int ovens);

    /**
     * Bounded concurrency, collect-all: bake every pizza with at most {@code ovens} in the oven at once and
     * report each one's outcome, in the order's order; a failure stops nothing (R8).
     */
    CompletionStage<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens);

    /** Race: ask every courier at once and take the first offer; the others are cancelled (R7). */
    CompletionStage<CourierOffer> findCourier(Order order);

    /** Per-call timeout: {@link #quote}, failing with a timeout if the menu takes longer than {@code timeout} (R9). */
    CompletionStage<Quote> quoteWithin(Order order, Duration timeout);

    /** Overall deadline: {@link #checkout}, both steps together within {@code deadline} (R9). */
    CompletionStage<Receipt> checkoutWithin(Order order, Duration deadline);

    /**
     * Timeout with a fallback: {@link #findCourier}, or {@link CourierOffer#OWN_DRIVER} if no courier offers
     * within {@code timeout} (R9).
     */
    CompletionStage<CourierOffer> findCourierWithin(Order order, Duration timeout);

    /**
     * Hedging: {@link #quote}, sending a second, identical request if the first has not answered within
     * {@code hedgeAfter}; the first answer wins and the other request is cancelled (R10).
     */
    CompletionStage<Quote> quoteHedged(Order order, Duration hedgeAfter);

    /**
     * Retries: {@link #quote}, retrying a retryable failure with exponential backoff and jitter, as
     * {@code retries} says; the last failure surfaces with the earlier ones attached (R11).
     */
    CompletionStage<Quote> quoteWithRetries(Order order, RetryPolicy retries);

    /**
     * Compensation: reserve the order's ingredients, charge its price, book its delivery, all within
     * {@code deadline}. If a step fails or times out, or the caller cancels, whatever was acquired is given
     * back (booking cancelled, charge refunded, reservation released) exactly once (R12).
     */
    CompletionStage<PlacedOrder> placeOrder(Order order, Duration deadline);

    /**
     * Blocking and CPU-bound work: look the customer's address up in the legacy address book, whose only API
     * blocks, then plan the route there, which keeps a core busy. The blocking call runs on a thread the style
     * may block, the planning on a pool bounded to the cores, and cancelling stops either (R18, R19).
     */
    CompletionStage<DeliveryPlan> planDelivery(Order order);

    /**
     * Order tracking: the order's updates as they come, one tracking call each, made only for updates the
     * subscriber wants; the stream completes after the last one (R13, R15, R16).
     */
    Flow.Publisher<OrderUpdate> track(Order order);

    /**
     * Pagination: the customer's past orders, oldest first, a page fetched only when the subscriber wants more
     * than the pages before held (R14, R15, R16).
     */
    Flow.Publisher<PastOrder> history(String customer);
}
