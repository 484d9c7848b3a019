package dev.asyncref.reactive.reactor;

import dev.asyncref.context.OperationLog;
import dev.asyncref.context.OperationName;
import dev.asyncref.context.RequestContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The request an operation runs for, carried in Reactor's {@link Context} and put into the SLF4J MDC only
 * on a thread that works for it, only while it does, with Micrometer's context-propagation library.
 *
 * <ul>
 *   <li><b>Into the Context.</b> {@code contextCapture()}, at the edge where a caller subscribes
 *       ({@link ReactorBridge}), copies the MDC's {@code correlationId} into the Context as it subscribes,
 *       through the {@link Slf4jThreadLocalAccessor} registered here; a Reactor caller may write it itself
 *       ({@code contextWrite}). {@link #operation} adds the operation's name.
 *   <li><b>Onto a thread.</b> {@link #in} sets the two MDC keys from the subscriber's Context and puts back
 *       what the thread had: around each downstream call as it starts ({@link ReactorServices}), each
 *       failure as it is made ({@link #failure}, and in the naming functions the pizzeria hands its patterns),
 *       each give-back failure logged, each end line ({@link #operation}). A stream's call is started from
 *       whatever thread requests, and so under its subscriber's id, not the requester's. The patterns
 *       ({@code dev.asyncref.reactive.reactor.patterns}) know nothing of it.
 * </ul>
 *
 * <p>Why not {@code Hooks.enableAutomaticContextPropagation()}, which restores the MDC around every signal
 * by itself: it is a switch for the whole JVM that only applies to subscriptions made after it, so a library
 * cannot rely on the application having flipped it, and it would put this request's MDC on every thread a
 * signal crosses, the caller's own continuations included. Here the MDC is set at the few places that read
 * it, and nowhere else.
 */
final class RequestScope {

    private static final ContextSnapshotFactory SNAPSHOTS =
            // clearMissing: a request without an id runs without one, whatever the thread carried before.
            ContextSnapshotFactory.builder().clearMissing(true).build();

    static {
        // In the global registry, which contextCapture() reads. Every operation goes through this class
        // before anyone can subscribe to it, so the accessor is in place by the time contextCapture() runs.
        ContextRegistry.getInstance().registerThreadLocalAccessor(
                new Slf4jThreadLocalAccessor(RequestContext.CORRELATION_ID, RequestContext.OPERATION));
    }

    private RequestScope() {}

    /**
     * {@code work} as operation {@code name}: its name in the Context, and its end line
     * ({@link OperationLog}) written on the thread that ends it, before the outcome travels on.
     */
    static <T> Mono<T> operation(OperationName name, Mono<T> work) {
        return operation(name, request -> work);
    }

    /**
     * {@link #operation(OperationName, Mono)} for work that needs the request itself: to make, with {@link #in},
     * the failures a pattern names on whatever thread ends it.
     */
    static <T> Mono<T> operation(OperationName name, Function<ContextView, Mono<T>> work) {
        return Mono.deferContextual(request -> work.apply(request)
                        .doOnSuccess(value -> in(request, OperationLog::succeeded))
                        .doOnError(failure -> in(request, () -> OperationLog.failed(failure))))
                .contextWrite(context -> named(context, name));
    }

    /** {@link #operation(OperationName, Mono)} for a stream: the end line as it completes or fails. */
    static <T> Flux<T> operation(OperationName name, Flux<T> work) {
        return Flux.deferContextual(request -> work
                        .doOnComplete(() -> in(request, OperationLog::succeeded))
                        .doOnError(failure -> in(request, () -> OperationLog.failed(failure))))
                .contextWrite(context -> named(context, name));
    }

    /**
     * The failure {@code make} returns, made when subscribed (on the thread that signals it, a downstream
     * or a timer thread) with the request's MDC set, so that its message names the request.
     */
    static <T> Mono<T> failure(Supplier<? extends Throwable> make) {
        return Mono.deferContextual(request -> Mono.error(in(request, make)));
    }

    /** The caller's request, read from the current thread's MDC now, as {@code contextCapture()} reads it. */
    static Context captured() {
        return SNAPSHOTS.captureAll().updateContext(Context.empty());
    }

    /** {@link #captured()}, as operation {@code name}. */
    static Context captured(OperationName name) {
        return named(captured(), name);
    }

    /** Runs {@code work} with the MDC of the request in {@code request}; the thread's own MDC afterwards. */
    static <T> T in(ContextView request, Supplier<T> work) {
        try (ContextSnapshot.Scope _ = enter(request)) {
            return work.get();
        }
    }

    /** {@link #in(ContextView, Supplier)} for work that returns nothing. */
    static void in(ContextView request, Runnable work) {
        in(request, () -> {
            work.run();
            return null;
        });
    }

    /** {@link #in(ContextView, Supplier)} for a blocking call, which may throw a checked exception. */
    static <T> T calling(ContextView request, Callable<T> call) throws Exception {
        try (ContextSnapshot.Scope _ = enter(request)) {
            return call.call();
        }
    }

    /** Sets the two MDC keys from {@code request}; closing the scope puts back what the thread had. */
    private static ContextSnapshot.Scope enter(ContextView request) {
        return SNAPSHOTS.setThreadLocalsFrom(request, Slf4jThreadLocalAccessor.KEY);
    }

    // The accessor keeps both keys in one map under its KEY; the caller's map, if any, gets the operation.
    private static Context named(Context context, OperationName name) {
        Map<String, String> mdc = new HashMap<>(
                context.<Map<String, String>>getOrDefault(Slf4jThreadLocalAccessor.KEY, Map.of()));
        mdc.put(RequestContext.OPERATION, name.label());
        return context.put(Slf4jThreadLocalAccessor.KEY, mdc);
    }
}
