package dev.asyncref.callbacks;

import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import dev.asyncref.downstream.Callback;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The MDC one operation runs under: its caller's whole map, copied when the operation is called (a stream:
 * when it is subscribed to), plus the operation's name under {@link RequestContext#OPERATION}. The MDC is a
 * ThreadLocal, so it stays on the caller's thread; whatever the operation runs elsewhere (a downstream call's
 * callback, a timer task, a pool task) is wrapped here to put the copy on that thread while it runs and put
 * the thread's own map back afterwards. That is what keeps the correlation id on every call, log line and
 * failure of the request (rules R17, R20), and off pooled threads once the request's work there is done (a
 * map set and never removed is read by whatever request that thread serves next).
 *
 * <p>The copy is taken once and never changes: a callback that ran under it cannot leak an entry into the
 * next one, and an MDC change the caller makes after the call does not reach the operation.
 *
 * <p>Hand-written on purpose. Micrometer's context-propagation ({@code ContextSnapshot.wrap},
 * {@code ContextExecutorService}) does this job, and is the idiom where a library already builds on it (as
 * Reactor does); this module shows the plain-Java mechanics such a library hides: copy on the calling
 * thread, set and restore on the running one.
 */
final class RequestMdc {

    private final Map<String, String> map;

    private RequestMdc(Map<String, String> map) {
        this.map = map;
    }

    /** The current thread's MDC, copied now, plus {@code operation}. */
    static RequestMdc capture(OperationName operation) {
        Map<String, String> callers = MDC.getCopyOfContextMap();
        Map<String, String> map = callers == null ? new HashMap<>() : new HashMap<>(callers);
        map.put(RequestContext.OPERATION, operation.label());
        return new RequestMdc(Collections.unmodifiableMap(map));
    }

    /** Runs {@code work} on the current thread under this MDC, then puts the thread's own map back. */
    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** {@link #run}, for work with a result. */
    <R> R call(Supplier<R> work) {
        Map<String, String> own = MDC.getCopyOfContextMap();
        MDC.setContextMap(map);
        try {
            return work.get();
        } finally {
            if (own == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(own);
            }
        }
    }

    /** A timer or pool task that runs under this MDC, on whatever thread runs it. */
    Runnable wrap(Runnable task) {
        return () -> run(task);
    }

    /** A downstream call's callback that runs under this MDC, on the downstream thread that answers. */
    <T> Callback<T> callback(Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        return Callback.of(
                value -> run(() -> onSuccess.accept(value)),
                error -> run(() -> onFailure.accept(error)));
    }
}
