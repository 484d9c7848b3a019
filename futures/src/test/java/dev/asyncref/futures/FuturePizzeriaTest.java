package dev.asyncref.futures;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.TestOrders.FUNGHI;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static dev.asyncref.contract.TestOrders.THREE_PIZZAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.contract.RecordingSubscriber;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.DeliveryPlan;
import dev.asyncref.domain.OrderUpdate;
import dev.asyncref.domain.PlacedOrder;
import dev.asyncref.domain.Receipt;
import dev.asyncref.domain.RetryPolicy;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.AddressBook;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.KitchenService;
import dev.asyncref.downstream.MenuService;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.downstream.TrackingService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The future's side of the futures style: thread policy (the executor, the blocking and the planning pools),
 * the exceptions a caller of join() sees, and how a stream of futures signals, cancels and takes requests.
 */
class FuturePizzeriaTest {

    private final Downstream downstream = Downstream.start();
    private final Pools pools = new Pools();
    private final FuturePizzeria pizzeria = pools.pizzeria(downstream);
    private final CompletableFuture<Void> executorFreed = new CompletableFuture<>();

    @AfterEach
    void closeServicesThenPools() {
        executorFreed.complete(null);
        // The services first: closing them fails whatever a pool's thread still waits for or computes.
        downstream.close();
        pools.close();
    }

    @Test
    void theReturnedFutureCompletesOnThePizzeriasExecutorNotOnTheServicesEventLoop() {
        // Held until thenApply is attached: on an already completed future it would run on this thread.
        downstream.menu().hold();
        CompletableFuture<String> completedOn = pizzeria.quote(ONE_PIZZA)
                .thenApply(quote -> Thread.currentThread().getName());
        downstream.menu().open();

        assertThat(completedOn.join()).startsWith("pizzeria-");
    }

    @Test
    void theNextStepStartsOnThePizzeriasExecutor() {
        pizzeria.checkout(ONE_PIZZA).join();

        assertThat(downstream.payments().log())
                .filteredOn(event -> event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void aTimedOutCallIsCancelledOnThePizzeriasExecutorNotOnTheJdksTimer() {
        downstream.menu().hold();

        pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1)).exceptionally(timedOut -> null).join();

        assertThat(downstream.menu().log())
                .filteredOn(event -> event.is(CallEvent.Kind.CANCELLED))
                .extracting(CallEvent::thread)
                .singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void aRetryStartsOnThePizzeriasExecutorNotOnTheJdksTimer() {
        downstream.menu().failCalls(call -> call == 1);

        pizzeria.quoteWithRetries(ONE_PIZZA, new RetryPolicy(2, Duration.ofMillis(1), 0)).join();

        assertThat(downstream.menu().log())
                .filteredOn(event -> event.call() == 2 && event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void giveBacksStartOnThePizzeriasExecutorNotOnTheServicesEventLoop() {
        downstream.dispatch().failWhen(order -> true);

        pizzeria.placeOrder(ONE_PIZZA, Duration.ofSeconds(10)).exceptionally(failed -> null).join();

        assertThat(downstream.log())
                .filteredOn(event -> event.service().contains(".") && event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .hasSize(2).allSatisfy(thread -> assertThat(thread).startsWith("pizzeria-"));
    }

    @Test
    void theLookupBlocksAVirtualThreadOfTheBlockingExecutor() {
        pizzeria.planDelivery(ONE_PIZZA).join();

        assertThat(downstream.addresses().log())
                .filteredOn(event -> event.is(CallEvent.Kind.STARTED))
                .singleElement().satisfies(event -> {
                    assertThat(event.thread()).startsWith("lookup-");
                    assertThat(event.virtualThread()).isTrue();
                });
    }

    @Test
    void thePlanningComputesOnThePlanningPoolNotOnThePizzeriasExecutor() {
        pizzeria.planDelivery(ONE_PIZZA).join();

        assertThat(routesLog(CallEvent.Kind.STARTED)).singleElement().asString().startsWith("planning-");
    }

    @Test
    void cancellingDuringTheLookupInterruptsTheThreadBlockedInIt() {
        AddressBook addresses = downstream.addresses();
        addresses.hold();
        CompletableFuture<DeliveryPlan> plan = pizzeria.planDelivery(ONE_PIZZA);
        eventually().until(() -> addresses.waiting() == 1);

        plan.cancel(true);

        eventually().until(() -> addresses.inFlight() == 0);
        assertThat(addresses.log())
                .filteredOn(event -> event.is(CallEvent.Kind.CANCELLED))
                .extracting(CallEvent::thread)
                .as("cancelled by the blocked thread itself, on its interrupt")
                .singleElement().asString().startsWith("lookup-");
    }

    @Test
    void cancellingAComputingPlanningInterruptsItsThreadWhichStopsAtItsNextCheck() {
        RoutePlanner routes = downstream.routes();
        routes.hold();
        CompletableFuture<DeliveryPlan> plan = pizzeria.planDelivery(ONE_PIZZA);
        eventually().until(() -> routes.running() == 1);

        plan.cancel(true);

        eventually().until(() -> routes.running() == 0);
        assertThat(routesLog(CallEvent.Kind.CANCELLED)).as("stopped on its own thread, which saw the interrupt")
                .singleElement().asString().startsWith("planning-");
    }

    @Test
    void aStreamSignalsOnThePizzeriasExecutorNotOnTheServicesEventLoop() {
        SignalThreads updates = new SignalThreads();

        pizzeria.track(ONE_PIZZA).subscribe(updates);

        updates.ended.join();
        assertThat(updates.threads).as("4 updates and the completion")
                .hasSize(5).allSatisfy(thread -> assertThat(thread).startsWith("pizzeria-"));
    }

    @Test
    void aStreamsErrorIsSignalledOnThePizzeriasExecutorToo() {
        downstream.history().failCalls(call -> call == 1);
        SignalThreads history = new SignalThreads();

        pizzeria.history("ada").subscribe(history);

        assertThatThrownBy(history.ended::join).cause().isExactlyInstanceOf(StepFailedException.class);
        assertThat(history.threads).singleElement().asString().startsWith("pizzeria-");
    }

    @Test
    void aStreamsCallsStartOnThePizzeriasExecutor() {
        SignalThreads history = new SignalThreads();

        pizzeria.history("ada").subscribe(history);

        history.ended.join();
        assertThat(downstream.history().log())
                .filteredOn(event -> event.is(CallEvent.Kind.STARTED))
                .extracting(CallEvent::thread)
                .hasSize(3).allSatisfy(thread -> assertThat(thread).startsWith("pizzeria-"));
    }

    /** The executor is held: a cancel that reached the call only by a later task would leave it in flight. */
    @Test
    void cancellingAnOperationCancelsItsCallInFlightBeforeCancelReturns() throws InterruptedException {
        MenuService menu = downstream.menu();
        menu.hold();
        CompletableFuture<Receipt> receipt = pizzeria.checkout(ONE_PIZZA);
        eventually().until(() -> menu.waiting() == 1);
        holdTheExecutor();

        receipt.cancel(true);

        assertThat(menu.inFlight()).as("cancelled on the cancelling thread, not by a later task").isZero();
    }

    @Test
    void cancellingAStreamCancelsItsCallInFlightBeforeCancelReturns() {
        TrackingService tracking = downstream.tracking();
        tracking.hold();
        RecordingSubscriber<OrderUpdate> updates = subscribeTo(pizzeria.track(ONE_PIZZA)).request(1);
        eventually().until(() -> tracking.waiting() == 1);

        updates.cancel();

        assertThat(tracking.inFlight()).as("cancelled on the cancelling thread, not by a later pass").isZero();
    }

    @Test
    void aRequestFromOnNextNeverRecursesIntoOnNext() {
        downstream.history().orders("ada", 1_000);
        RequestingOneByOne history = new RequestingOneByOne();

        pizzeria.history("ada").subscribe(history);

        history.ended.join();
        assertThat(history.items).isEqualTo(1_000);
        assertThat(history.deepestStack).as("every onNext as deep in the stack as the first")
                .isEqualTo(history.firstStack);
    }

    @Test
    void joinWrapsTheDomainExceptionOnceAsEveryJoinDoes() {
        downstream.kitchen().failWhen(FUNGHI::equals);

        assertThatThrownBy(() -> pizzeria.bake(THREE_PIZZAS).join())
                .isExactlyInstanceOf(CompletionException.class)
                .cause().isExactlyInstanceOf(StepFailedException.class);
    }

    /**
     * R12.5's race at the booking made certain: the executor's threads are held, so the booking's answer, recorded
     * as acquired on the downstream thread, waits in the executor's queue to become the result while the caller
     * cancels.
     */
    @Test
    void aCancelAfterTheBookingAnsweredButBeforeTheResultGivesAllOfItBack() throws InterruptedException {
        downstream.dispatch().hold();
        CompletableFuture<PlacedOrder> placed = pizzeria.placeOrder(ONE_PIZZA, Duration.ofHours(1));
        eventually().until(() -> downstream.dispatch().waiting() == 1);
        holdTheExecutor();
        downstream.dispatch().open();
        eventually().until(() -> ((ThreadPoolExecutor) pools.executor).getQueue().size() == 1);

        placed.cancel(true);
        executorFreed.complete(null);

        eventually().until(() -> downstream.inFlight() == 0 && downstream.stock().releases().calls() == 1);
        assertThat(downstream.log()).filteredOn(event -> downstream.undoServices().containsValue(event.service()))
                .extracting(CallEvent::service, CallEvent::kind).as("all of it given back, latest first")
                .containsExactly(
                        tuple("dispatch.cancel", Kind.STARTED), tuple("dispatch.cancel", Kind.SUCCEEDED),
                        tuple("payments.refund", Kind.STARTED), tuple("payments.refund", Kind.SUCCEEDED),
                        tuple("stock.release", Kind.STARTED), tuple("stock.release", Kind.SUCCEEDED));
    }

    @Test
    void cancellingADerivedStageDoesNotReachTheCallsWhichIsWhyCancelTheReturnedFuture() {
        KitchenService kitchen = downstream.kitchen();
        kitchen.hold();
        CompletableFuture<List<BakedPizza>> baked = pizzeria.bake(THREE_PIZZAS);
        eventually().until(() -> kitchen.waiting() == 3);

        baked.thenApply(List::size).cancel(true);
        assertThat(kitchen.inFlight()).as("a derived stage's cancel stays with that stage").isEqualTo(3);

        baked.cancel(true);
        eventually().until(() -> kitchen.inFlight() == 0); // the last cancel may finish on the executor
    }

    /** Holds every thread of the pizzeria's executor until {@link #executorFreed} completes. */
    private void holdTheExecutor() throws InterruptedException {
        ThreadPoolExecutor steps = (ThreadPoolExecutor) pools.executor;
        CountDownLatch held = new CountDownLatch(steps.getCorePoolSize());
        for (int thread = 0; thread < steps.getCorePoolSize(); thread++) {
            steps.execute(() -> {
                held.countDown();
                executorFreed.join();
            });
        }
        held.await();
    }

    /** The threads the route planner logged {@code kind} on (it is no service, so it has no log of its own). */
    private List<String> routesLog(CallEvent.Kind kind) {
        return downstream.log().stream()
                .filter(event -> event.service().equals("routes") && event.is(kind))
                .map(CallEvent::thread)
                .toList();
    }

    /** Requests everything at once and notes the thread of every signal after onSubscribe. */
    private static final class SignalThreads implements Flow.Subscriber<Object> {

        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object item) {
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onError(Throwable error) {
            threads.add(Thread.currentThread().getName());
            ended.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            threads.add(Thread.currentThread().getName());
            ended.complete(null);
        }
    }

    /** Requests one item at a time from onNext, and notes how deep in the stack each onNext runs. */
    private static final class RequestingOneByOne implements Flow.Subscriber<Object> {

        final CompletableFuture<Void> ended = new CompletableFuture<>();
        // Plain fields: signals are serialized (rule 1.3), and whoever joins ended sees what onComplete saw.
        int items;
        int firstStack;
        int deepestStack;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(Object item) {
            int depth = StackWalker.getInstance().walk(Stream::count).intValue();
            if (firstStack == 0) {
                firstStack = depth;
            }
            deepestStack = Math.max(deepestStack, depth);
            items++;
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            ended.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }
}
