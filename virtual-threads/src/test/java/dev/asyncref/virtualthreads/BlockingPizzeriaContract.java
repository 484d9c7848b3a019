package dev.asyncref.virtualthreads;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.DIAVOLA;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.MARGHERITA;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.TEN_PIZZAS;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static dev.asyncref.domain.Step.BAKE;
import static dev.asyncref.downstream.CallEvent.Kind.CANCELLED;
import static dev.asyncref.downstream.CallEvent.Kind.FAILED;
import static dev.asyncref.downstream.CallEvent.Kind.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.InvalidOrderException;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Pizza;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.KitchenService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What only the blocking API of a {@link BlockingPizzeria} shows: what it throws, which threads its calls
 * run on, and what an interrupt does. The shared contract covers its CompletionStage view; each
 * virtual-thread style's test class extends this one and only supplies its implementation.
 */
public abstract class BlockingPizzeriaContract {

    protected abstract BlockingPizzeria pizzeria(Downstream downstream);

    private static final String CALLER = "caller";

    @Test
    protected void aFailedBakeIsThrownAsTheStepFailedExceptionItself() {
        try (Downstream downstream = Downstream.start()) {
            downstream.kitchen().failWhen(FUNGHI::equals);
            BlockingPizzeria pizzeria = pizzeria(downstream);

            // StepFailedException is final: no ExecutionException or FailedException passes this check.
            assertThatThrownBy(() -> Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS)).join())
                    .isInstanceOfSatisfying(StepFailedException.class,
                            failed -> assertThat(failed.step()).isEqualTo(BAKE))
                    .hasCauseExactlyInstanceOf(DownstreamException.class);
        }
    }

    @Test
    protected void anInvalidOrderIsThrownBeforeAnyDownstreamCall() {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Order sushi = Order.of("ada", Pizza.of("sushi"));

            assertThatThrownBy(() -> Caller.start(downstream, () -> pizzeria.bake(sushi)).join())
                    .isExactlyInstanceOf(InvalidOrderException.class)
                    .hasMessage("pizza 1: 'sushi' is not on the menu");
            assertThat(downstream.log()).isEmpty();
        }
    }

    @Test
    protected void eachStepOfCheckoutRunsOnTheCallingVirtualThread() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> pizzeria.checkout(ONE_PIZZA)).join();

            assertThat(downstream.log())
                    .filteredOn(event -> event.is(STARTED))
                    .extracting(CallEvent::service, CallEvent::thread, CallEvent::virtualThread)
                    .containsExactly(tuple("menu", CALLER, true), tuple("payments", CALLER, true));
        }
    }

    @Test
    protected void bakeForksOneVirtualThreadPerPizza() throws Throwable {
        try (Downstream downstream = Downstream.start()) {
            BlockingPizzeria pizzeria = pizzeria(downstream);

            Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS)).join();

            assertThat(downstream.kitchen().log())
                    .filteredOn(event -> event.is(STARTED))
                    .allMatch(CallEvent::virtualThread)
                    .extracting(CallEvent::thread)
                    .hasSize(3)
                    .doesNotHaveDuplicates()
                    .doesNotContain(CALLER);
        }
    }

    @Test
    protected void interruptingTheCallerCancelsEveryBakeBeforeBakeThrows() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS));
            eventually().until(() -> kitchen.waiting() == 3);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bake").hasValue(0);
            assertThat(kitchen.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::kind)
                    .containsExactly(CANCELLED, CANCELLED, CANCELLED);
        }
    }

    @Test
    protected void aFailedBakeStopsTheOtherBakesBeforeItIsThrown() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.failWhen(FUNGHI::equals).hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bake(THREE_PIZZAS));
            eventually().until(() -> kitchen.waiting() == 3);

            kitchen.release(FUNGHI::equals);

            assertThatThrownBy(caller::join).isInstanceOf(StepFailedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bake").hasValue(0);
            assertThat(kitchen.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::request, CallEvent::kind)
                    .containsExactlyInAnyOrder(
                            tuple(FUNGHI, FAILED), tuple(MARGHERITA, CANCELLED), tuple(DIAVOLA, CANCELLED));
        }
    }

    @Test
    protected void interruptingTheCallerCancelsTheBatchsBakesBeforeBakeBatchThrows() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bakeBatch(TEN_PIZZAS, 3));
            eventually().until(() -> kitchen.waiting() == 3);

            caller.thread().interrupt();

            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bakeBatch").hasValue(0);
            assertThat(kitchen.calls()).as("no bake starts after the interrupt").isEqualTo(3);
            assertThat(kitchen.log())
                    .filteredOn(event -> !event.is(STARTED))
                    .extracting(CallEvent::kind)
                    .containsExactly(CANCELLED, CANCELLED, CANCELLED);
        }
    }

    @Test
    protected void aFailedBatchBakeStopsTheOtherBakesBeforeItIsThrown() {
        try (Downstream downstream = Downstream.start()) {
            KitchenService kitchen = downstream.kitchen();
            kitchen.failWhen(pizza -> true).hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream, () -> pizzeria.bakeBatch(TEN_PIZZAS, 3));
            eventually().until(() -> kitchen.waiting() == 3);

            kitchen.release(kitchen.waitingRequests().getFirst()::equals);

            assertThatThrownBy(caller::join).isExactlyInstanceOf(StepFailedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives bakeBatch").hasValue(0);
            assertThat(kitchen.calls()).as("no bake starts after the failure").isEqualTo(3);
        }
    }

    @Test
    protected void interruptingTheCallerCancelsAStepWithATimeLimitBeforeCheckoutWithinThrows() {
        try (Downstream downstream = Downstream.start()) {
            downstream.menu().hold();
            BlockingPizzeria pizzeria = pizzeria(downstream);
            Caller caller = Caller.start(downstream,
                    () -> pizzeria.checkoutWithin(ONE_PIZZA, Duration.ofSeconds(10)));
            eventually().until(() -> downstream.menu().waiting() == 1);

            caller.thread().interrupt();

            // Not a timeout: the step runs on a fork, and the caller's interrupt must still reach it.
            assertThatThrownBy(caller::join).isInstanceOf(InterruptedException.class);
            assertThat(caller.inFlightWhenDone()).as("no fork outlives checkoutWithin").hasValue(0);
            assertThat(downstream.menu().log()).extracting(CallEvent::kind).containsExactly(STARTED, CANCELLED);
            assertThat(downstream.payments().calls()).as("no charge after the interrupt").isZero();
        }
    }

    /**
     * One blocking call, made from a virtual thread of its own that the call log names {@code caller}; it
     * counts the downstream calls still in flight the moment the call returns or throws.
     */
    private record Caller(Thread thread, AtomicReference<Throwable> thrown, AtomicInteger inFlightWhenDone) {

        static Caller start(Downstream downstream, Callable<?> call) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicInteger inFlightWhenDone = new AtomicInteger(-1);
            Thread thread = Thread.ofVirtual().name(CALLER).start(() -> {
                try {
                    call.call();
                } catch (Throwable throwable) {
                    // Throwable, so that an Error fails the test instead of dying with the thread; kept as
                    // thrown, where a CompletableFuture would unwrap a CompletionException on the way out.
                    thrown.set(throwable);
                } finally {
                    // Counted here, not after join(): a fork that outlives the call mostly ends while the
                    // test waits for this thread, and counting then would hide it.
                    inFlightWhenDone.set(downstream.inFlight());
                }
            });
            return new Caller(thread, thrown, inFlightWhenDone);
        }

        /** Waits until the caller's thread has ended, then throws what the call threw, if anything. */
        void join() throws Throwable {
            // A ceiling, not a sleep: a call that never returns fails the test instead of hanging it.
            eventually().until(() -> !thread.isAlive());
            if (thrown.get() != null) {
                throw thrown.get();
            }
        }
    }
}
