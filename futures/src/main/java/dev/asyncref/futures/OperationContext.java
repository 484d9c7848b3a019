package dev.asyncref.futures;

import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * The MDC one operation runs with: its caller's, captured once, when the operation is called, plus the
 * operation's name ({@link RequestContext#OPERATION}). It is put on a thread around each piece of the
 * operation's work and taken off again, so that the thread is left with whatever MDC it had before.
 *
 * <p>Captured once, never at {@code execute()}: an executor wrapper that captures the MDC when a task is
 * handed to it captures the MDC of the thread that hands it over, and with {@code CompletableFuture} that
 * is whichever thread completed the stage before: a downstream thread, a timer, a thread still carrying
 * another request. Micrometer's {@code ContextExecutorService} works that way, which suits a thread
 * handing over its own work, not an asynchronous continuation. {@link #executor} wraps every task with the
 * one snapshot taken here instead ({@link ContextSnapshot#wrapExecutor}).
 *
 * <p>Micrometer's context-propagation does the capture and the restore ({@link Slf4jThreadLocalAccessor},
 * the whole MDC): a task's thread gets the request's map in place of its own, so nothing another request
 * left there shows, and its own map back afterwards, or none if it had none; {@code clearMissing} makes
 * even an empty snapshot (a caller without an MDC) restore, so the name {@link #capture} puts on the
 * caller's thread is taken off again. Its registry is this class's own, holding the MDC only; an
 * application using the global {@link ContextRegistry#getInstance()} would carry its other thread-locals
 * (a tracing span, a security context) the same way.
 */
final class OperationContext {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder()
            .contextRegistry(new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
            .clearMissing(true)
            .build();

    private final ContextSnapshot snapshot;

    private OperationContext(ContextSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** The current thread's MDC with {@code operation} added; the thread's own MDC is left as it was. */
    static OperationContext capture(OperationName operation) {
        // The caller's own snapshot is what undoes the put on the caller's thread, to the last entry.
        try (ContextSnapshot.Scope _ = SNAPSHOTS.captureAll().setThreadLocals()) {
            MDC.put(RequestContext.OPERATION, operation.label());
            return new OperationContext(SNAPSHOTS.captureAll());
        }
    }

    /** Puts the operation's MDC on the current thread until the scope is closed. */
    ContextSnapshot.Scope open() {
        return snapshot.setThreadLocals();
    }

    /** {@code pool}, running each task with the operation's MDC and leaving its threads as they were. */
    Executor executor(Executor pool) {
        return snapshot.wrapExecutor(pool);
    }
}
