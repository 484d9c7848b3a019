package dev.asyncref.virtualthreads;

import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The request an operation runs for, as a {@link ScopedValue}: bound once, where the operation starts, and
 * read, never changed, by everything it runs. A scoped value is the idiom for this since JDK 25: it cannot
 * leak past its scope, and every fork of a {@link java.util.concurrent.StructuredTaskScope} inherits it, at no
 * cost. Threads started any other way do not: a task handed to an executor (plain style) or a thread started
 * by hand must have the request carried over ({@link #carried}).
 *
 * <p>Libraries do not read scoped values, though: logging prints SLF4J's MDC, a client copies the MDC into
 * its headers (here, the simulated services record it), and the domain exceptions name the request from it.
 * So each thread that runs part of an operation also puts the request in its MDC, for as long as it runs
 * that part, and restores the MDC it had afterwards. That is the one bridge from the scoped value to the
 * MDC, marked below; the scoped value stays the truth, and the MDC is a copy that lives exactly as long as the
 * binding it copies. The trade-off: a thread-local write and restore per thread hop, and code that reads the
 * MDC outside these bindings sees nothing.
 */
public final class RequestScope {

    private static final ScopedValue<RequestContext> REQUEST = ScopedValue.newInstance();

    private RequestScope() {}

    /** The request a caller makes now: the correlation id in its MDC, for {@code operation}. */
    public static RequestContext of(OperationName operation) {
        return new RequestContext(operation.label(), RequestContext.currentCorrelationId());
    }

    /** Runs {@code work} on this thread for {@code request}: in its scope, and with it in the MDC. */
    public static <T, X extends Throwable> T call(RequestContext request, ScopedValue.CallableOp<T, X> work)
            throws X {
        return ScopedValue.where(REQUEST, request).call(() -> inMdc(request, work));
    }

    /**
     * {@code task}, to run on a thread that does not inherit this thread's scoped values (an executor's, or
     * one started by hand), for the request this thread runs for, if any. The request is read now, on the
     * submitting thread, and bound again on whichever thread runs the task, for that task only: a pooled thread
     * keeps nothing of it for the next task.
     */
    public static <T> Callable<T> carried(Callable<T> task) {
        if (!REQUEST.isBound()) {
            return task;
        }
        RequestContext request = REQUEST.get();
        return () -> call(request, task::call);
    }

    /** {@link #carried(Callable)}, for a thread started by hand. */
    public static Runnable carried(Runnable task) {
        if (!REQUEST.isBound()) {
            return task;
        }
        RequestContext request = REQUEST.get();
        return () -> call(request, () -> {
            task.run();
            return null;
        });
    }

    /**
     * {@code call}, for a fork of a {@link java.util.concurrent.StructuredTaskScope}: the fork inherits the
     * request's scoped value by itself, and only needs it in its MDC too, for as long as the call runs.
     */
    public static <T> Callable<T> forked(Callable<T> call) {
        return () -> REQUEST.isBound() ? inMdc(REQUEST.get(), call::call) : call.call();
    }

    // ---- The bridge from the scoped value to the MDC: the only code here that writes the MDC. ----

    private static <T, X extends Throwable> T inMdc(RequestContext request, ScopedValue.CallableOp<T, X> work)
            throws X {
        Map<String, String> before = MDC.getCopyOfContextMap();
        putOrRemove(RequestContext.OPERATION, request.operation());
        putOrRemove(RequestContext.CORRELATION_ID, request.correlationId());
        try {
            return work.call();
        } finally {
            // Restored, not cleared: a caller that runs an operation on its own thread keeps its own entries.
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    // Removed, not left: a request without an id must not make its calls under the id this thread last had.
    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
