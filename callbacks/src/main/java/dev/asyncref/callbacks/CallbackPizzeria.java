package dev.asyncref.callbacks;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.OrderValidation;
import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.Step;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Cancellable;
import dev.asyncref.downstream.CourierService;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.PaymentService;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The workload in plain Java callbacks: each operation takes a listener and returns a cancel handle.
 *
 * <ul>
 *   <li><b>Threads.</b> No thread of its own: the listener runs on the downstream thread that delivered the
 *       last answer, so it must not block. An invalid order is reported at once, on the caller's thread,
 *       before the method returns.
 *   <li><b>Cancellation.</b> {@link Cancellable#cancel()} on the returned handle cancels every call in
 *       flight and starts no further step; the listener is then never called.
 *   <li><b>Errors.</b> The listener gets exactly one call: the result, or the first failure as a
 *       {@link dev.asyncref.domain.StepFailedException} (the other calls cancelled before it is reported),
 *       or an {@link InvalidOrderException}. A race reports its first success, after cancelling the losers.
 * </ul>
 */
public final class CallbackPizzeria {

    private final MenuService menu;
    private final PaymentService payments;
    private final KitchenService kitchen;
    private final List<CourierService> couriers;

    public CallbackPizzeria(Downstream downstream) {
        this.menu = downstream.menu();
        this.payments = downstream.payments();
        this.kitchen = downstream.kitchen();
        this.couriers = downstream.couriers();
    }

    public Cancellable quote(Order order, Callback<? super Quote> listener) {
        Outcome<Quote> outcome = new Outcome<>(listener);
        if (accepted(order, outcome)) {
            outcome.track(menu.quote(order, Callback.of(
                    outcome::succeed,
                    error -> outcome.fail(Step.QUOTE.failed(error)))));
        }
        return outcome;
    }

    public Cancellable checkout(Order order, Callback<? super Receipt> listener) {
        Outcome<Receipt> outcome = new Outcome<>(listener);
        if (accepted(order, outcome)) {
            outcome.track(menu.quote(order, Callback.of(
                    quote -> {
                        if (outcome.isSettled()) {
                            return; // cancelled while the quote was on its way: start no further step
                        }
                        outcome.track(payments.charge(new Payment(order.customer(), quote.total()), Callback.of(
                                outcome::succeed,
                                error -> outcome.fail(Step.CHARGE.failed(error)))));
                    },
                    error -> outcome.fail(Step.QUOTE.failed(error)))));
        }
        return outcome;
    }

    public Cancellable bake(Order order, Callback<? super List<BakedPizza>> listener) {
        Outcome<List<BakedPizza>> outcome = new Outcome<>(listener);
        if (accepted(order, outcome)) {
            List<Pizza> pizzas = order.pizzas();
            // Answers arrive on several threads: slots and countdown are atomic, and the thread that counts
            // down to zero sees every slot written before it.
            AtomicReferenceArray<BakedPizza> baked = new AtomicReferenceArray<>(pizzas.size());
            AtomicInteger remaining = new AtomicInteger(pizzas.size());
            for (int slot = 0; slot < pizzas.size() && !outcome.isSettled(); slot++) {
                int position = slot;
                outcome.track(kitchen.bake(pizzas.get(position), Callback.of(
                        pizza -> {
                            baked.set(position, pizza);
                            if (remaining.decrementAndGet() == 0) {
                                outcome.succeed(inOrder(baked));
                            }
                        },
                        error -> outcome.fail(Step.BAKE.failed(error)))));
            }
        }
        return outcome;
    }

    public Cancellable bakeBatch(Order order, int ovens, Callback<? super List<BakedPizza>> listener) {
        Outcome<List<BakedPizza>> outcome = new Outcome<>(listener);
        if (accepted(order, ovens, outcome)) {
            BoundedBatch.start(order.pizzas(), ovens, outcome, (pizza, fill) -> kitchen.bake(pizza, Callback.of(
                    fill,
                    error -> outcome.fail(Step.BAKE.failed(error)))));
        }
        return outcome;
    }

    public Cancellable bakeBatchOutcomes(Order order, int ovens, Callback<? super List<BakeOutcome>> listener) {
        Outcome<List<BakeOutcome>> outcome = new Outcome<>(listener);
        if (accepted(order, ovens, outcome)) {
            BoundedBatch.start(order.pizzas(), ovens, outcome, (pizza, fill) -> kitchen.bake(pizza, Callback.of(
                    baked -> fill.accept(new BakeOutcome.Baked(baked)),
                    error -> fill.accept(new BakeOutcome.Failed(pizza, Step.BAKE.failed(error))))));
        }
        return outcome;
    }

    public Cancellable findCourier(Order order, Callback<? super CourierOffer> listener) {
        Outcome<CourierOffer> outcome = new Outcome<>(listener);
        if (accepted(order, outcome)) {
            // A failure is only a loss: the race fails when the last courier has failed, with every failure.
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger lost = new AtomicInteger();
            for (int i = 0; i < couriers.size() && !outcome.isSettled(); i++) {
                outcome.track(couriers.get(i).offer(order, Callback.of(
                        outcome::succeed,
                        error -> {
                            failures.add(error);
                            if (lost.incrementAndGet() == couriers.size()) {
                                outcome.fail(Step.FIND_COURIER.allFailed(List.copyOf(failures)));
                            }
                        })));
            }
        }
        return outcome;
    }

    private static boolean accepted(Order order, Outcome<?> outcome) {
        return accepted(() -> OrderValidation.requireValid(order), outcome);
    }

    private static boolean accepted(Order order, int ovens, Outcome<?> outcome) {
        return accepted(() -> {
            OrderValidation.requireValid(order);
            OrderValidation.requireValidOvens(ovens);
        }, outcome);
    }

    private static boolean accepted(Runnable validation, Outcome<?> outcome) {
        try {
            validation.run();
            return true;
        } catch (InvalidOrderException invalid) {
            outcome.fail(invalid);
            return false;
        }
    }

    private static List<BakedPizza> inOrder(AtomicReferenceArray<BakedPizza> baked) {
        BakedPizza[] pizzas = new BakedPizza[baked.length()];
        for (int i = 0; i < pizzas.length; i++) {
            pizzas[i] = baked.get(i);
        }
        return List.of(pizzas);
    }
}
