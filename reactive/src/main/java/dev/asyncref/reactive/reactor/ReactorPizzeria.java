package dev.asyncref.reactive.reactor;

import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.QUOTE;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Deadline;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Downstream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The workload with Project Reactor: each operation is a cold {@link Mono}; nothing happens until it is
 * subscribed, and each subscription runs the operation once.
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the downstream thread that delivered the answer, and the
 *       subscriber runs there, so it must not block. Only timeouts involve a scheduler, the one
 *       {@code Mono.delay} defaults to, {@link reactor.core.scheduler.Schedulers#parallel()}: a timeout, or
 *       the fallback it switches to, is signalled on its thread ({@code parallel-N}). An invalid order is
 *       signalled on the subscribing thread.
 *   <li><b>Cancellation.</b> Cancelling the subscription cancels every inner subscription, which cancels
 *       every call in flight and every pending timeout; no further step is subscribed.
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an {@link dev.asyncref.domain.InvalidOrderException},
 *       never a Reactor wrapper nor its {@code TimeoutException}; a failed bake cancels the other bakes
 *       before the error travels on, a race's first offer cancels the losers, and a timeout cancels the
 *       late call before its error or fallback travels on.
 * </ul>
 */
public final class ReactorPizzeria {

    private final ReactorServices services;

    public ReactorPizzeria(Downstream downstream) {
        this.services = new ReactorServices(downstream);
    }

    public Mono<Quote> quote(Order order) {
        return accepted(order)
                .flatMap(valid -> services.quote(valid).onErrorMap(QUOTE::failed));
    }

    public Mono<Receipt> checkout(Order order) {
        return accepted(order)
                .flatMap(valid -> services.quote(valid).onErrorMap(QUOTE::failed))
                .flatMap(quote -> services.charge(new Payment(order.customer(), quote.total()))
                        .onErrorMap(CHARGE::failed));
    }

    public Mono<List<BakedPizza>> bake(Order order) {
        return accepted(order)
                .flatMap(valid -> Flux.fromIterable(valid.pizzas())
                        // flatMapSequential subscribes to every bake at once and emits in the order's order.
                        .flatMapSequential(pizza -> services.bake(pizza).onErrorMap(BAKE::failed))
                        .collectList());
    }

    public Mono<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return accepted(order, ovens)
                // flatMap's default error mode: the first failure cancels the other bakes, then fails the batch.
                .flatMap(valid -> inOvens(valid.pizzas(), ovens,
                        pizza -> services.bake(pizza).onErrorMap(BAKE::failed)));
    }

    public Mono<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return accepted(order, ovens)
                // Each bake turns its own failure into a value, so no error reaches flatMap and nothing stops.
                .flatMap(valid -> inOvens(valid.pizzas(), ovens, pizza -> services.bake(pizza)
                        .<BakeOutcome>map(BakeOutcome.Baked::new)
                        .onErrorResume(error -> Mono.just(new BakeOutcome.Failed(pizza, BAKE.failed(error))))));
    }

    public Mono<CourierOffer> findCourier(Order order) {
        return accepted(order).flatMap(this::firstOffer);
    }

    public Mono<Quote> quoteWithin(Order order, Duration timeout) {
        return accepted(order, timeout)
                // or races the call against the timer (see timer for why not timeout), outside onErrorMap so
                // that a timeout is never taken for the menu's failure.
                .flatMap(valid -> services.quote(valid).onErrorMap(QUOTE::failed)
                        .or(timer(timeout).then(Mono.error(() -> QUOTE.timedOut(timeout)))));
    }

    public Mono<Receipt> checkoutWithin(Order order, Duration deadline) {
        return accepted(order, deadline).flatMap(valid -> {
            // Started on subscription, not assembly: a Mono built now and subscribed later gets its whole budget.
            Deadline due = Deadline.in(deadline);
            return services.quote(valid).onErrorMap(QUOTE::failed)
                    .transform(within(due, QUOTE))
                    .flatMap(quote -> services.charge(new Payment(order.customer(), quote.total()))
                            .onErrorMap(CHARGE::failed)
                            .transform(within(due, CHARGE)));
        });
    }

    public Mono<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return accepted(order, timeout)
                // The timer's win cancels the race, and so every courier call, before the fallback travels on.
                .flatMap(valid -> firstOffer(valid)
                        .or(timer(timeout).thenReturn(CourierOffer.OWN_DRIVER)));
    }

    private static Mono<Order> accepted(Order order) {
        return Mono.fromCallable(() -> OrderValidation.requireValid(order));
    }

    /** The ovens are judged in the same lazy check as the order and after it, so an invalid order reads as in R5. */
    private static Mono<Order> accepted(Order order, int ovens) {
        return Mono.fromCallable(() -> {
            Order valid = OrderValidation.requireValid(order);
            OrderValidation.requireValidOvens(ovens);
            return valid;
        });
    }

    /** The timeout is judged in the same lazy check as the order and after it, so an invalid order reads as in R5. */
    private static Mono<Order> accepted(Order order, Duration timeout) {
        return Mono.fromCallable(() -> {
            Order valid = OrderValidation.requireValid(order);
            OrderValidation.requireValidTimeout(timeout);
            return valid;
        });
    }

    /**
     * Bakes the pizzas with at most {@code ovens} bakes subscribed at once, results in the pizzas' order.
     * flatMap and not flatMapSequential: flatMapSequential asks for the next pizza only when the oldest bake
     * is done, so one slow pizza leaves the ovens that finished after it idle; flatMap asks as soon as any
     * bake is done, and each result's position puts the list back in order.
     */
    private static <T> Mono<List<T>> inOvens(List<Pizza> pizzas, int ovens, Function<Pizza, Mono<T>> bake) {
        return Flux.range(0, pizzas.size())
                .flatMap(position -> bake.apply(pizzas.get(position))
                        .map(result -> new Placed<>(position, result)), ovens)
                .collectSortedList(Comparator.comparingInt(Placed::position))
                .map(placed -> placed.stream().map(Placed::result).toList());
    }

    /** Asks every courier at once and takes the first offer; a courier's failure is a loss, not the result. */
    private Mono<CourierOffer> firstOffer(Order valid) {
        // firstWithValue ignores failures until every source has failed, and cancels the losers.
        return Mono.firstWithValue(services.couriers().stream()
                        .map(courier -> services.offer(courier, valid))
                        .toList())
                .onErrorMap(error -> FIND_COURIER.allFailed(everyFailureIn(error)));
    }

    /**
     * Gives a step what is left of the deadline when it starts, so that the timeout names the step in
     * progress; a step due to start after the deadline fails without being called.
     */
    private static <T> Function<Mono<T>, Mono<T>> within(Deadline deadline, Step step) {
        return call -> Mono.defer(() -> {
            Duration left = deadline.remaining();
            return left.isPositive()
                    ? call.or(timer(left).then(Mono.error(() -> deadline.passedAt(step))))
                    : Mono.error(deadline.passedAt(step));
        });
    }

    /**
     * A timer for a call to race with or, which subscribes the call first, the timer second, and cancels
     * the loser before the winner's signal travels on. Not Mono.timeout: it arms its timer before it
     * subscribes the call, so subscribing eats into the call's time and, while the code is still cold, can
     * outlast it: the timeout then fires before the call is even made.
     */
    private static Mono<Long> timer(Duration limit) {
        // Capped as Deadline caps it: a timeout of centuries is simply that long, never an overflow.
        return Mono.delay(Duration.ofNanos(Math.min(NANOSECONDS.convert(limit), Long.MAX_VALUE / 2)));
    }

    /** firstWithValue fails with a NoSuchElementException whose cause holds every source's failure. */
    private static List<Throwable> everyFailureIn(Throwable error) {
        return Exceptions.unwrapMultiple(error.getCause());
    }

    /** One pizza's result and the pizza's position in the order. */
    private record Placed<T>(int position, T result) {}
}
