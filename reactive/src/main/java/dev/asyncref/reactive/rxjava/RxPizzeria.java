package dev.asyncref.reactive.rxjava;

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
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Downstream;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleSource;
import io.reactivex.rxjava3.exceptions.CompositeException;
import io.reactivex.rxjava3.functions.Function;
import java.util.List;

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

    public Single<CourierOffer> findCourier(Order order) {
        return accepted(order)
                // mergeDelayError keeps racing past a failure; firstOrError takes the first offer and
                // disposes the losers. Single.amb would not do: its winner is the first signal, errors included.
                .flatMap(valid -> Single.mergeDelayError(services.couriers().stream()
                                .map(courier -> services.offer(courier, valid))
                                .toList())
                        .firstOrError()
                        .onErrorResumeNext(error -> Single.error(FIND_COURIER.allFailed(everyFailureIn(error)))));
    }

    private static Single<Order> accepted(Order order) {
        return Single.fromCallable(() -> OrderValidation.requireValid(order));
    }

    /** mergeDelayError reports several failures as one CompositeException, and a single one as itself. */
    private static List<Throwable> everyFailureIn(Throwable error) {
        return error instanceof CompositeException composite ? composite.getExceptions() : List.of(error);
    }

    private static <T> Function<Throwable, SingleSource<T>> failedAt(Step step) {
        return error -> Single.error(step.failed(error));
    }
}
