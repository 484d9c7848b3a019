package dev.asyncref.reactive.rxjava;

import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.Step;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleSource;
import io.reactivex.rxjava3.functions.Function;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The request one subscription of an operation runs for: the SLF4J MDC its subscriber had when it
 * subscribed, and the operation's name. {@link RxPizzeria} hands it down its chain by hand, and each piece
 * of work that reads the MDC (a downstream call starting, a domain exception being made, the operation's
 * last log line) runs inside {@link #get} or {@link #run}, whatever thread it is on.
 *
 * <p>Capturing and restoring the MDC is Micrometer's context-propagation ({@link ContextSnapshot}), the
 * library Reactor's own propagation runs on; what is left by hand is the passing, as RxJava has no context to
 * put the snapshot in (why not a global RxJava hook instead: below). The registry is one of our own that
 * knows the MDC only: the global one carries whatever else the application registers there, and changes when
 * it does. {@code clearMissing}: a subscriber without an MDC gets none on the threads its work runs on,
 * instead of whatever that thread carried before.
 *
 * <p><b>Why the request is passed by hand.</b> RxJava has no context of its own. The alternative is a
 * global hook: {@code RxJavaPlugins.setScheduleHandler} wrapping each scheduled {@code Runnable} to copy
 * the MDC, or subscribe hooks ({@code setOnSingleSubscribe} and its siblings) wrapping every observer to put
 * the subscriber's MDC back around each signal, as OpenTelemetry's RxJava 3 instrumentation does with its
 * context. Either would leave the operations' code untouched, but:
 * <ul>
 *   <li>the hooks are global: they change every RxJava chain in the JVM; each hook point holds one handler,
 *       so the last library to install one must wrap the one before it (OpenTelemetry does), and
 *       {@code RxJavaPlugins.reset()}, which tests call to undo their own handlers, silently removes them;
 *   <li>the schedule hook misses most hops here: an answer arrives on a service's own thread through a
 *       callback, not through a scheduler. The subscribe hooks do cover those signals, but at a cost on every
 *       operator of every chain, and still miss what runs outside a signal: a give-back started as a
 *       subscription is disposed, on the disposing thread with its MDC, perhaps another request's.
 * </ul>
 * Passed by hand, the request costs a parameter to each service call and a wrapper around each exception
 * made; a place that forgets it loses the id, which the contract's many-requests tests catch. It stays in
 * the pizzeria: the patterns' helpers take plain {@code Single}s and functions that name a failure, and
 * the pizzeria makes those names inside {@link #get}.
 */
final class Request {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder()
            .contextRegistry(new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
            .clearMissing(true)
            .build();

    private final ContextSnapshot subscribers;
    private final String operation;

    private Request(ContextSnapshot subscribers, String operation) {
        this.subscribers = subscribers;
        this.operation = operation;
    }

    /** The calling thread's MDC as it is now, for {@code operation}. */
    static Request of(OperationName operation) {
        return new Request(SNAPSHOTS.captureAll(), operation.label());
    }

    /**
     * Runs {@code work} on the current thread with the subscriber's MDC and the operation's name, then gives
     * the thread back the MDC it had: a pooled, timer or downstream thread keeps nothing of the request, and
     * the subscriber's thread, where a first call starts synchronously, is left as the subscriber set it.
     */
    <T> T get(Supplier<T> work) {
        try (ContextSnapshot.Scope _ = open()) {
            return work.get();
        }
    }

    /** {@link #get}, for work that throws a checked exception: until the scope is closed. */
    ContextSnapshot.Scope open() {
        ContextSnapshot.Scope scope = subscribers.setThreadLocals();
        // Closing the scope puts back the thread's whole MDC, so this entry goes with it.
        MDC.put(RequestContext.OPERATION, operation);
        return scope;
    }

    /** {@link #get}, for work without a result. */
    void run(Runnable work) {
        get(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A step's downstream failure turned into the operation's, made on whatever thread noticed it, with this
     * request's MDC, which the exception reads for its message ({@code checkout [request r-7]: step ...}).
     */
    <T> Function<Throwable, SingleSource<T>> failedAt(Step step) {
        return error -> Single.error(get(() -> step.failed(error)));
    }
}
