package dev.asyncref.reactive.rxjava;

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
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Downstream;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleSource;
import io.reactivex.rxjava3.functions.Function;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The workload with RxJava 3: each operation is a cold {@link Single}; nothing happens until it is
 * subscribed, and each subscription runs the operation once.
 *
 * <ul>
 *   <li><b>Threads.</b> No scheduler is involved: signals arrive on the downstream thread that delivered
 *       the answer, and the subscriber runs there, so it must not block. An invalid order is signalled on
 *       the subscribing thread.
 *   <li><b>Cancellation.</b> Disposing the subscription disposes every inner subscription, which cancels
 *       every call in flight; no further step is subscribed.
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException} or an
 *       {@link dev.asyncref.domain.InvalidOrderException}, never an RxJava wrapper; a failed bake disposes
 *       the other bakes before the error travels on, and a race's first offer disposes the losers.
 * </ul>
 */
public final class RxPizzeria {

    private final RxServices services;

    public RxPizzeria(Downstream downstream) {
        this.services = new RxServices(downstream);
    }

    public Single<Quote> quote(Order order) {
        return accepted(order)
                .flatMap(valid -> services.quote(valid).onErrorResumeNext(failedAt(QUOTE)));
    }

    public Single<Receipt> checkout(Order order) {
        return accepted(order)
                .flatMap(valid -> services.quote(valid).onErrorResumeNext(failedAt(QUOTE)))
                .flatMap(quote -> services.charge(new Payment(order.customer(), quote.total()))
                        .onErrorResumeNext(failedAt(CHARGE)));
    }

    public Single<List<BakedPizza>> bake(Order order) {
        return accepted(order)
                .flatMap(valid -> Flowable.fromIterable(valid.pizzas())
                        // concatMapEager subscribes to every bake at once and emits in the order's order.
                        .concatMapEager(pizza -> services.bake(pizza).onErrorResumeNext(failedAt(BAKE)).toFlowable())
                        .toList());
    }

    public Single<List<BakedPizza>> bakeBatch(Order order, int ovens) {
        return accepted(order, ovens)
                // flatMapSingle without delayErrors: the first failure disposes the other bakes, then fails the batch.
                .flatMap(valid -> inOvens(valid.pizzas(), ovens,
                        pizza -> services.bake(pizza).onErrorResumeNext(failedAt(BAKE))));
    }

    public Single<List<BakeOutcome>> bakeBatchOutcomes(Order order, int ovens) {
        return accepted(order, ovens)
                // Each bake turns its own failure into a value, so no error reaches flatMapSingle and nothing stops.
                .flatMap(valid -> inOvens(valid.pizzas(), ovens, pizza -> services.bake(pizza)
                        .<BakeOutcome>map(BakeOutcome.Baked::new)
                        .onErrorReturn(error -> new BakeOutcome.Failed(pizza, BAKE.failed(error)))));
    }

    public Single<CourierOffer> findCourier(Order order) {
        return accepted(order).flatMap(valid -> Single.defer(() -> {
            // Each courier's failure is set aside and ends its Maybe empty, so the race goes on past it
            // (Single.amb would not: its winner is the first signal, errors included). A failure left inside
            // the merge (mergeDelayError) would be reported as undeliverable once the winner disposes it.
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            return Maybe.merge(services.couriers().stream()
                            .map(courier -> services.offer(courier, valid).toMaybe()
                                    .doOnError(failures::add)
                                    .onErrorComplete())
                            .toList())
                    .firstElement() // takes the first offer and disposes the losers
                    .switchIfEmpty(Single.error(() -> FIND_COURIER.allFailed(List.copyOf(failures))));
        }));
    }

    private static Single<Order> accepted(Order order) {
        return Single.fromCallable(() -> OrderValidation.requireValid(order));
    }

    /** The ovens are judged in the same lazy check as the order and after it, so an invalid order reads as in R5. */
    private static Single<Order> accepted(Order order, int ovens) {
        return Single.fromCallable(() -> {
            Order valid = OrderValidation.requireValid(order);
            OrderValidation.requireValidOvens(ovens);
            return valid;
        });
    }

    /**
     * Bakes the pizzas with at most {@code ovens} bakes subscribed at once, results in the pizzas' order.
     * flatMapSingle and not concatMapEager: concatMapEager asks for the next pizza only when the oldest bake
     * is done, so one slow pizza leaves the ovens that finished after it idle; flatMapSingle asks as soon as
     * any bake is done, and each result's position puts the list back in order.
     */
    private static <T> Single<List<T>> inOvens(List<Pizza> pizzas, int ovens, Function<Pizza, Single<T>> bake) {
        return Flowable.range(0, pizzas.size())
                .flatMapSingle(position -> bake.apply(pizzas.get(position))
                        .map(result -> new Placed<>(position, result)), false, ovens)
                .toSortedList(Comparator.comparingInt(Placed::position))
                .map(placed -> placed.stream().map(Placed::result).toList());
    }

    private static <T> Function<Throwable, SingleSource<T>> failedAt(Step step) {
        return error -> Single.error(step.failed(error));
    }

    /** One pizza's result and the pizza's position in the order. */
    private record Placed<T>(int position, T result) {}
}
