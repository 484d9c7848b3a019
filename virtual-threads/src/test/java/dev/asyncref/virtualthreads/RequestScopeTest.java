package dev.asyncref.virtualthreads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.RequestContext;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** How a request travels: bound on a thread, carried into an executor's task, copied into the MDC and back out. */
class RequestScopeTest {

    private static final RequestContext REQUEST = new RequestContext("quote", "request-1");
    private static final RequestContext NOBODY = new RequestContext(null, null);

    @AfterEach
    void clearThisThreadsMdc() {
        MDC.clear();
    }

    @Test
    void aTaskCarriedToAPooledThreadRunsForTheRequestAndLeavesNothingOnThatThread() throws Exception {
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            RequestContext notCarried = RequestScope.call(REQUEST, () -> pool.submit(RequestContext::current).get());
            RequestContext carried = RequestScope.call(REQUEST,
                    () -> pool.submit(RequestScope.carried(RequestContext::current)).get());
            RequestContext next = pool.submit(RequestContext::current).get();

            assertThat(notCarried).as("an executor's thread inherits no scoped value").isEqualTo(NOBODY);
            assertThat(carried).as("carried, the task runs for the request").isEqualTo(REQUEST);
            assertThat(next).as("the pooled thread keeps nothing for the next task").isEqualTo(NOBODY);
        }
    }

    @Test
    void theCallersOwnMdcIsAsItWasOnceTheRequestsWorkHasRun() {
        MDC.setContextMap(Map.of("tenant", "north", RequestContext.CORRELATION_ID, "outer"));

        Map<String, String> during = RequestScope.call(REQUEST, MDC::getCopyOfContextMap);

        assertThat(during).isEqualTo(Map.of("tenant", "north", RequestContext.CORRELATION_ID, "request-1",
                RequestContext.OPERATION, "quote"));
        assertThat(MDC.getCopyOfContextMap())
                .isEqualTo(Map.of("tenant", "north", RequestContext.CORRELATION_ID, "outer"));
    }

    @Test
    void aRequestWithoutAnIdRunsWithoutTheIdItsThreadHad() {
        MDC.put(RequestContext.CORRELATION_ID, "someone-else");

        String during = RequestScope.call(new RequestContext("quote", null), RequestContext::currentCorrelationId);

        assertThat(during).isNull();
    }
}
