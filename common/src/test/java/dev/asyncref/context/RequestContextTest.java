package dev.asyncref.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.domain.Step;
import dev.asyncref.domain.StepFailedException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the MDC of the current thread puts into failures and the call log. */
class RequestContextTest {

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void aFailureNamesTheOperationAndRequestOfTheThreadThatRaisesIt() {
        MDC.put(RequestContext.OPERATION, "checkout");
        MDC.put(RequestContext.CORRELATION_ID, "r-7");

        StepFailedException failure = Step.CHARGE.failed(new IllegalStateException("declined"));

        assertThat(failure).hasMessage("checkout [request r-7]: step 'charge' failed: declined");
        assertThat(failure.operation()).isEqualTo("checkout");
        assertThat(failure.correlationId()).isEqualTo("r-7");
    }

    @Test
    void withoutAnIdOnlyTheOperationIsNamedAndWithoutEitherTheMessageIsBare() {
        MDC.put(RequestContext.OPERATION, "quoteWithin");
        assertThat(Step.QUOTE.timedOut(Duration.ofMillis(20)))
                .hasMessage("quoteWithin: step 'quote' timed out after 20 ms");

        MDC.clear();
        assertThat(Step.QUOTE.timedOut(Duration.ofMillis(20))).hasMessage("step 'quote' timed out after 20 ms");
    }

    @Test
    void aCallRecordsTheIdItsCallerHadAsItStarted() throws InterruptedException {
        try (Downstream downstream = Downstream.start()) {
            MDC.put(RequestContext.CORRELATION_ID, "r-7");
            downstream.addresses().lookup("ada");

            assertThat(downstream.log()).extracting(CallEvent::kind, CallEvent::correlationId).containsExactly(
                    tuple(CallEvent.Kind.STARTED, "r-7"),
                    tuple(CallEvent.Kind.SUCCEEDED, null));
        }
    }
}
