package dev.asyncref.futures;

import static dev.asyncref.contract.RecordingSubscriber.subscribeTo;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.contract.LogCapture;
import dev.asyncref.contract.RecordingSubscriber;
import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.Quote;
import dev.asyncref.downstream.Downstream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The request's MDC on the threads that work for an operation: there while they do, gone after. Each pool
 * has one thread here, so that a test can look at the very thread that worked for the operation.
 */
class FutureContextTest {

    private final Downstream downstream = Downstream.start();
    private final ExecutorService executor = oneThread("pizzeria-");
    private final ExecutorService blocking = oneThread("lookup-");
    private final ExecutorService planning = oneThread("planning-");
    private final FuturePizzeria pizzeria = new FuturePizzeria(downstream, executor, blocking, planning);

    @AfterEach
    void closeServicesThenPools() {
        // The services first: closing them fails whatever a pool's thread still waits for or computes.
        downstream.close();
        executor.close();
        blocking.close();
        planning.close();
    }

    @Test
    void noThreadKeepsTheRequestsMdcOnceItsOperationIsDone() {
        as("request-1", () -> pizzeria.planDelivery(ONE_PIZZA)).join();
        downstream.menu().hold();
        as("request-2", () -> pizzeria.quoteWithin(ONE_PIZZA, Duration.ofMillis(1)))
                .exceptionally(timedOut -> null).join();

        assertThat(mdcOf(executor)).as("the executor's thread").isNullOrEmpty();
        assertThat(mdcOf(blocking)).as("the thread the lookup blocked").isNullOrEmpty();
        assertThat(mdcOf(planning)).as("the thread the planning computed on").isNullOrEmpty();
    }

    @Test
    void callbacksOnTheReturnedFutureRunWithTheRequestsMdc() {
        downstream.menu().hold();
        CompletableFuture<Quote> quote = as("request-1", () -> pizzeria.quote(ONE_PIZZA));

        CompletableFuture<RequestContext> seen = quote.thenApply(answer -> RequestContext.current());
        downstream.menu().open();

        assertThat(seen.join()).isEqualTo(new RequestContext("quote", "request-1"));
    }

    @Test
    void anInvalidOrderIsLoggedOnTheCallersThreadWithTheOperationsNameThenTakenOff() {
        try (LogCapture log = LogCapture.open()) {
            as("request-1", () -> pizzeria.quoteWithin(ONE_PIZZA, Duration.ZERO));

            assertThat(log.lines()).singleElement().satisfies(line -> {
                assertThat(line.getThreadName()).isEqualTo(Thread.currentThread().getName());
                assertThat(line.getMDCPropertyMap()).isEqualTo(Map.of(
                        RequestContext.CORRELATION_ID, "request-1", RequestContext.OPERATION, "quoteWithin"));
                assertThat(line.getFormattedMessage()).startsWith("quoteWithin failed: timeout must be positive");
            });
            assertThat(MDC.getCopyOfContextMap()).as("the caller's MDC, as it was").isNullOrEmpty();
        }
    }

    @Test
    void aStreamLogsItsEndUnderItsSubscribersId() {
        try (LogCapture log = LogCapture.open()) {
            RecordingSubscriber<?> history = as("request-1", () -> subscribeTo(pizzeria.history("ada")));

            history.request(Long.MAX_VALUE);
            history.awaitTermination();

            assertThat(log.lines()).singleElement().satisfies(line -> {
                assertThat(line.getThreadName()).startsWith("pizzeria-");
                assertThat(line.getMDCPropertyMap()).containsEntry(RequestContext.CORRELATION_ID, "request-1");
                assertThat(line.getFormattedMessage()).isEqualTo("history succeeded");
            });
        }
    }

    private static ExecutorService oneThread(String name) {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name, 1).factory());
    }

    private static Map<String, String> mdcOf(ExecutorService pool) {
        return CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, pool).join();
    }
}
