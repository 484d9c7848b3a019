package dev.asyncref.reactive.reactor;

import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.QUOTE;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.Downstream;
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
 *   <li><b>Threads.</b> No scheduler is involved: signals arrive on the downstream thread that delivered
 *       the answer, and the subscriber runs there, so it must not block. An invalid order is signalled on
 *       the subscribing thread.
 *   <li><b>Cancellation.</b> Cancelling the subscription cancels every inner subscription, which cancels
 *       every call in flight; no further step is subscribed.
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException} or an
 *       {@link dev.asyncref.domain.InvalidOrderException}, never a Reactor wrapper; a failed bake cancels the
 *       other bakes before the error travels on, and a race's first offer cancels the losers.
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
        return accepted(order)
                // firstWithValue ignores failures until every source has failed, and cancels the losers.
                .flatMap(valid -> Mono.firstWithValue(services.couriers().stream()
                                .map(courier -> services.offer(courier, valid))
                                .toList())
                        .onErrorMap(error -> FIND_COURIER.allFailed(everyFailureIn(error))));
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

    /** firstWithValue fails with a NoSuchElementException whose cause holds every source's failure. */
    private static List<Throwable> everyFailureIn(Throwable error) {
        return Exceptions.unwrapMultiple(error.getCause());
    }

    /** One pizza's result and the pizza's position in the order. */
    private record Placed<T>(int position, T result) {}
}
