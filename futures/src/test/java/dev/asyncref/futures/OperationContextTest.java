package dev.asyncref.futures;

import static dev.asyncref.contract.Requests.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The MDC an operation carries: captured once, on the caller's thread, and put on a pool's thread around each
 * task, then taken off; next to the wrapper that captures at {@code execute()}, which is the pitfall.
 */
class OperationContextTest {

    private final ExecutorService pool =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pool-", 1).factory());

    @AfterEach
    void closePoolAndClearMdc() {
        pool.close();
        MDC.clear();
    }

    @Test
    void aWrapperThatCapturesAtExecuteRunsAContinuationWithTheMdcOfTheThreadThatCompletedTheStage()
            throws InterruptedException {
        ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder()
                .contextRegistry(new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
                .build();
        ExecutorService capturingAtExecute = ContextExecutorService.wrap(pool, snapshots);
        CompletableFuture<String> answer = new CompletableFuture<>();

        CompletableFuture<String> seen = as("request-1",
                () -> answer.thenApplyAsync(value -> RequestContext.currentCorrelationId(), capturingAtExecute));
        completeAs("request-2", answer);

        assertThat(seen.join()).as("the pitfall: the continuation runs for whoever completed the stage")
                .isEqualTo("request-2");
    }

    @Test
    void theOperationsExecutorRunsAContinuationWithTheMdcCapturedWhenTheOperationWasCalled()
            throws InterruptedException {
        CompletableFuture<String> answer = new CompletableFuture<>();

        CompletableFuture<RequestContext> seen = as("request-1", () -> answer.thenApplyAsync(
                value -> RequestContext.current(), OperationContext.capture(OperationName.QUOTE).executor(pool)));
        completeAs("request-2", answer);

        assertThat(seen.join()).isEqualTo(new RequestContext("quote", "request-1"));
    }

    @Test
    void capturingLeavesTheCallersMdcAsItWas() {
        Map<String, String> callers = Map.of("tenant", "north", RequestContext.CORRELATION_ID, "request-1");
        MDC.setContextMap(callers);

        OperationContext.capture(OperationName.QUOTE);

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(callers);
    }

    @Test
    void capturingOnAThreadWithoutAnMdcLeavesItWithout() {
        OperationContext.capture(OperationName.QUOTE);

        assertThat(MDC.getCopyOfContextMap()).as("not even the operation's name").isNullOrEmpty();
    }

    @Test
    void aTaskRunsWithTheCallersWholeMdcAndThePoolsThreadGetsItsOwnBack() {
        leaveOnThePoolsThread(Map.of("left", "by someone else"));
        OperationContext context = as("request-1", () -> {
            MDC.put("tenant", "north");
            return OperationContext.capture(OperationName.CHECKOUT);
        });

        Map<String, String> during =
                CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, context.executor(pool)).join();

        assertThat(during).isEqualTo(Map.of(
                "tenant", "north", RequestContext.CORRELATION_ID, "request-1", RequestContext.OPERATION, "checkout"));
        assertThat(mdcOnThePoolsThread()).isEqualTo(Map.of("left", "by someone else"));
    }

    @Test
    void aRequestWithoutAnIdRunsWithoutOneOnAThreadThatHadOne() {
        leaveOnThePoolsThread(Map.of(RequestContext.CORRELATION_ID, "request-1"));
        OperationContext context = OperationContext.capture(OperationName.QUOTE);

        RequestContext during = CompletableFuture.supplyAsync(RequestContext::current, context.executor(pool)).join();

        assertThat(during).isEqualTo(new RequestContext("quote", null));
    }

    private static void completeAs(String correlationId, CompletableFuture<String> answer) throws InterruptedException {
        Thread.ofPlatform().start(() -> as(correlationId, () -> answer.complete("an answer"))).join();
    }

    /** What a task that forgot to clean up leaves behind on the pool's only thread. */
    private void leaveOnThePoolsThread(Map<String, String> mdc) {
        CompletableFuture.runAsync(() -> MDC.setContextMap(mdc), pool).join();
    }

    private Map<String, String> mdcOnThePoolsThread() {
        return CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, pool).join();
    }
}
