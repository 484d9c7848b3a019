package dev.asyncref.reactive.reactor;

import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.domain.Step.CHARGE;
import static dev.asyncref.domain.Step.FIND_COURIER;
import static dev.asyncref.domain.Step.QUOTE;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.Downstream;
import java.util.List;
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

    /** firstWithValue fails with a NoSuchElementException whose cause holds every source's failure. */
    private static List<Throwable> everyFailureIn(Throwable error) {
        return Exceptions.unwrapMultiple(error.getCause());
    }
}
