package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.MenuService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * How the caller's MDC travels in this style ({@link RequestMdc}): copied when the operation is called, put
 * on each thread around the operation's callbacks and tasks, and taken off again.
 */
class CallbackContextTest {

    private final Downstream downstream = Downstream.start();
    @AutoClose
    private final Pools pools = new Pools();
    private final CallbackPizzeria pizzeria = pools.pizzeria(downstream);

    @AfterEach
    void clearAndCloseServices() {
        MDC.clear();
        downstream.close();
    }

    @Test
    void aCallbackRunsUnderTheCallersMdcPlusTheOperationsNameOnTheDownstreamThread() {
        AtomicReference<Map<String, String>> heardUnder = new AtomicReference<>();
        AtomicReference<String> heardOn = new AtomicReference<>();
        MDC.setContextMap(Map.of(RequestContext.CORRELATION_ID, "r-1", "tenant", "north"));

        pizzeria.quote(ONE_PIZZA, Callback.of(quote -> {
            heardOn.set(Thread.currentThread().getName());
            heardUnder.set(Objects.requireNonNullElse(MDC.getCopyOfContextMap(), Map.of()));
        }, error -> {}));

        eventually().until(() -> heardUnder.get() != null);
        assertThat(heardOn.get()).startsWith("downstream-");
        assertThat(heardUnder.get()).isEqualTo(Map.of(RequestContext.CORRELATION_ID, "r-1", "tenant", "north",
                RequestContext.OPERATION, "quote"));
    }

    @Test
    void theCallersMdcIsCopiedWhenItCallsSoWhatItSetsAfterwardsNeverReachesTheOperation() {
        MenuService menu = downstream.menu();
        menu.hold();
        AtomicReference<String> heardFor = new AtomicReference<>();
        MDC.put(RequestContext.CORRELATION_ID, "r-1");

        pizzeria.quote(ONE_PIZZA, Callback.of(
                quote -> heardFor.set(String.valueOf(RequestContext.currentCorrelationId())), error -> {}));
        MDC.put(RequestContext.CORRELATION_ID, "r-2");
        menu.open();

        eventually().until(() -> heardFor.get() != null);
        assertThat(heardFor.get()).isEqualTo("r-1");
    }

    @Test
    void noPoolThreadKeepsARequestsMdcOnceItsOperationIsOver() {
        downstream.menu().hold();
        List<CountDownLatch> ended = IntStream.rangeClosed(1, 16).mapToObj(i -> {
            CountDownLatch heard = new CountDownLatch(2);
            MDC.put(RequestContext.CORRELATION_ID, "r-" + i);
            pizzeria.planDelivery(ONE_PIZZA, Callback.of(plan -> heard.countDown(), error -> {}));
            pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1),
                    Callback.of(quote -> {}, timedOut -> heard.countDown()));
            return heard;
        }).toList();
        MDC.clear();
        eventually().until(() -> ended.stream().allMatch(heard -> heard.getCount() == 0));
        downstream.menu().open();

        assertThat(mdcOfEveryThread(pools.lookups, Pools.LOOKUP_THREADS)).as("lookup threads").containsOnly(Map.of());
        assertThat(mdcOfEveryThread(pools.planning, Pools.CORES)).as("planning threads").containsOnly(Map.of());
        assertThat(mdcOfEveryThread(pools.timer, 1)).as("the timer thread").containsOnly(Map.of());
    }

    @Test
    void aRequestFromAnotherThreadFetchesThereUnderTheSubscribersMdcAndLeavesThatThreadItsOwn()
            throws InterruptedException {
        Queue<String> heardFor = new ConcurrentLinkedQueue<>();
        MDC.put(RequestContext.CORRELATION_ID, "subscriber");
        StreamHandle pastOrders = pizzeria.history("ada", new StreamListener<PastOrder>() {
            @Override
            public void onItem(PastOrder item) {
                heardFor.add(RequestContext.currentCorrelationId());
            }

            @Override
            public void onEnd() {}

            @Override
            public void onFailure(Throwable error) {}
        });
        MDC.clear();

        // Nothing was asked for before, so no other thread is delivering: the intruder's request starts the call.
        AtomicReference<Map<String, String>> intruderAfter = new AtomicReference<>();
        Thread intruder = Thread.ofPlatform().name("intruder").start(() -> {
            MDC.put(RequestContext.CORRELATION_ID, "intruder");
            pastOrders.request(1);
            intruderAfter.set(MDC.getCopyOfContextMap());
        });
        intruder.join();

        eventually().until(() -> heardFor.size() == 1);
        assertThat(downstream.history().log()).first()
                .returns("intruder", CallEvent::thread)
                .returns("subscriber", CallEvent::correlationId);
        assertThat(heardFor).containsExactly("subscriber");
        assertThat(intruderAfter.get()).isEqualTo(Map.of(RequestContext.CORRELATION_ID, "intruder"));
    }

    @Test
    void aWrappedTaskRunsUnderTheCopyAndPutsTheThreadsOwnMapBack() {
        MDC.put(RequestContext.CORRELATION_ID, "r-1");
        Runnable task = RequestMdc.capture(OperationName.QUOTE).wrap(() -> {
            assertThat(MDC.getCopyOfContextMap())
                    .isEqualTo(Map.of(RequestContext.CORRELATION_ID, "r-1", RequestContext.OPERATION, "quote"));
            MDC.put("left", "behind");
        });
        MDC.put(RequestContext.CORRELATION_ID, "someone else");

        task.run();

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of(RequestContext.CORRELATION_ID, "someone else"));
        MDC.clear();
        task.run();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    /**
     * The MDC of each of the pool's {@code threads}: one probe per thread, each held until all have started,
     * so that no thread runs two and every thread runs one.
     */
    private static List<Map<String, String>> mdcOfEveryThread(ExecutorService pool, int threads) {
        CountDownLatch allStarted = new CountDownLatch(threads);
        List<Future<Map<String, String>>> probes = IntStream.range(0, threads).mapToObj(i -> pool.submit(() -> {
            allStarted.countDown();
            allStarted.await();
            return Objects.requireNonNullElse(MDC.getCopyOfContextMap(), Map.<String, String>of());
        })).toList();
        eventually().until(() -> probes.stream().allMatch(Future::isDone));
        return probes.stream().map(Future::resultNow).toList();
    }
}
