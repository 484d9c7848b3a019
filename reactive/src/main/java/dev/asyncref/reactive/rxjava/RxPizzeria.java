package dev.asyncref.reactive.rxjava;

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
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleSource;
import io.reactivex.rxjava3.core.SingleTransformer;
import io.reactivex.rxjava3.functions.Function;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The workload with RxJava 3: each operation is a cold {@link Single}; nothing happens until it is
 * subscribed, and each subscription runs the operation once.
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the downstream thread that delivered the answer, and the
 *       subscriber runs there, so it must not block. Only timeouts involve a scheduler, the one given at
 *       construction, by default {@link Schedulers#computation()}: a timeout, or the fallback it switches
 *       to, is signalled on its thread ({@code RxComputationThreadPool-N}). An invalid order is signalled
 *       on the subscribing thread.
 *   <li><b>Cancellation.</b> Disposing the subscription disposes every inner subscription, which cancels
 *       every call in flight and every pending timeout; no further step is subscribed.
 *   <li><b>Errors.</b> {@code onError} gets a {@link dev.asyncref.domain.StepFailedException}, a
 *       {@link dev.asyncref.domain.TimedOutException} or an {@link dev.asyncref.domain.InvalidOrderException},
 *       never an RxJava wrapper nor its {@code TimeoutException}; a failed bake disposes the other bakes
 *       before the error travels on, a race's first offer disposes the losers, and a timeout disposes the
 *       late call before its error or fallback travels on.
 * </ul>
 */
public final class RxPizzeria {

    private final RxServices services;
    private final Scheduler timers;

    public RxPizzeria(Downstream downstream) {
        this(downstream, Schedulers.computation());
    }

    /**
     * @param timers times every timeout and deadline, and signals them; a {@code TestScheduler} makes that
     *     virtual time
     */
    public RxPizzeria(Downstream downstream, Scheduler timers) {
        this.services = new RxServices(downstream);
        this.timers = Objects.requireNonNull(timers, "timers");
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
        return accepted(order).flatMap(this::firstOffer);
    }

    public Single<Quote> quoteWithin(Order order, Duration timeout) {
        return accepted(order, timeout)
                // ambWith races the call against the timer (see timer for why not timeout), outside failedAt so
                // that a timeout is never taken for the menu's failure.
                .flatMap(valid -> services.quote(valid).onErrorResumeNext(failedAt(QUOTE))
                        .ambWith(timer(timeout).andThen(Single.error(() -> QUOTE.timedOut(timeout)))));
    }

    public Single<Receipt> checkoutWithin(Order order, Duration deadline) {
        return accepted(order, deadline).flatMap(valid -> {
            // Started on subscription, not assembly: a Single built now and subscribed later gets its whole budget.
            Deadline due = Deadline.in(deadline);
            return services.quote(valid).onErrorResumeNext(failedAt(QUOTE))
                    .compose(within(due, QUOTE))
                    .flatMap(quote -> services.charge(new Payment(order.customer(), quote.total()))
                            .onErrorResumeNext(failedAt(CHARGE))
                            .compose(within(due, CHARGE)));
        });
    }

    public Single<CourierOffer> findCourierWithin(Order order, Duration timeout) {
        return accepted(order, timeout)
                // The timer's win disposes the race, and so every courier call, before the fallback travels on.
                .flatMap(valid -> firstOffer(valid)
                        .ambWith(timer(timeout).toSingleDefault(CourierOffer.OWN_DRIVER)));
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

    /** The timeout is judged in the same lazy check as the order and after it, so an invalid order reads as in R5. */
    private static Single<Order> accepted(Order order, Duration timeout) {
        return Single.fromCallable(() -> {
            Order valid = OrderValidation.requireValid(order);
            OrderValidation.requireValidTimeout(timeout);
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

    /** Asks every courier at once and takes the first offer; a courier's failure is a loss, not the result. */
    private Single<CourierOffer> firstOffer(Order valid) {
        return Single.defer(() -> {
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
        });
    }

    /**
     * Gives a step what is left of the deadline when it starts, so that the timeout names the step in
     * progress; a step due to start after the deadline fails without being called.
     */
    private <T> SingleTransformer<T, T> within(Deadline deadline, Step step) {
        return call -> Single.defer(() -> {
            Duration left = deadline.remaining();
            return left.isPositive()
                    ? call.ambWith(timer(left).andThen(Single.error(() -> deadline.passedAt(step))))
                    : Single.error(deadline.passedAt(step));
        });
    }

    /**
     * A timer for a call to race with ambWith, which subscribes the call first, the timer second, and disposes
     * the loser before the winner's signal travels on. Not Single.timeout: it arms its timer before it
     * subscribes the call, so subscribing eats into the call's time and, while the code is still cold, can
     * outlast it: the timeout then fires before the call is even made.
     */
    private Completable timer(Duration limit) {
        // Capped as Deadline caps it: a timeout of centuries is simply that long, never an overflow.
        return Completable.timer(Math.min(NANOSECONDS.convert(limit), Long.MAX_VALUE / 2), NANOSECONDS, timers);
    }

    private static <T> Function<Throwable, SingleSource<T>> failedAt(Step step) {
        return error -> Single.error(step.failed(error));
    }

    /** One pizza's result and the pizza's position in the order. */
    private record Placed<T>(int position, T result) {}
}
