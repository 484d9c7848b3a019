package dev.asyncref.demo;

import dev.asyncref.context.RequestContext;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** A caller working for a request: its correlation id in the MDC while it calls an operation, and only then. */
final class CallerRequest {

    private CallerRequest() {}

    static <T> T as(String correlationId, Supplier<T> call) {
        try (MDC.MDCCloseable _ = MDC.putCloseable(RequestContext.CORRELATION_ID, correlationId)) {
            return call.get();
        }
    }
}
