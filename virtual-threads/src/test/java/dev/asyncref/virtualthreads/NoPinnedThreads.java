package dev.asyncref.virtualthreads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

/**
 * Fails a test class during which a virtual thread was pinned to its carrier: it blocked where it could
 * not unmount (in native code, or in a class initializer), so that its platform thread blocked with it and
 * the scalability virtual threads promise was gone. JDK Flight Recorder reports each such block as the
 * event {@code jdk.VirtualThreadPinned}; this records it, whatever its duration, for the whole class, and
 * lists every one with its stack when the class ends. (The JDK 21 flag {@code jdk.tracePinnedThreads} is gone;
 * since JDK 24 blocking in {@code synchronized} no longer pins.)
 *
 * <p>Five kinds of pinning are the JDK's own, whatever the code does, and are let pass: loading a class
 * (the class loader runs under a native frame, {@code Class.forName0}, the first time a virtual thread
 * needs a class: once per class, seen here as a jar read of a millisecond); linking an
 * {@code invokedynamic} call site or a dynamic constant (a string concatenation, a lambda: the VM calls up
 * into {@code MethodHandleNatives.linkCallSite} under a native frame, once per call site, and a lock the JDK
 * takes there can be contended by another thread linking the same shapes); waiting while another thread
 * initializes a class (JDK 25 cannot unmount that wait: once per class, when virtual threads first need it
 * at the same moment; the thread that runs the initializer is still reported if it blocks there); blocking
 * inside one of the JDK's critical sections, which only the JDK can open (the VM's pinned reason
 * {@code "Freeze or preempt failed (2)"}, 2 being HotSpot's {@code freeze_pinned_cs}: seen as a contended
 * lock while the JDK links a class for the first time); and the virtual thread's own bookkeeping
 * ({@code VirtualThread.getAndClearInterrupt}, as an interrupted sleep ends: microseconds). Everything else
 * fails the class.
 *
 * <p>Logging is initialized before the class runs, as an application does at startup: SLF4J finds its
 * provider once, under a lock, and its first use from many virtual threads at once (the services read the
 * MDC) pins every one that waits for it.
 */
public final class NoPinnedThreads implements BeforeAllCallback, AfterAllCallback {

    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NoPinnedThreads.class);

    private record Recording(RecordingStream stream, List<RecordedEvent> pinned) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        MDC.getMDCAdapter();
        RecordingStream stream = new RecordingStream();
        List<RecordedEvent> pinned = new CopyOnWriteArrayList<>();
        stream.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
        // Kept events must be their own objects: by default a stream refills one event object for the next.
        stream.setReuse(false);
        stream.onEvent(PINNED, event -> {
            if (!causedByTheJdkItself(event)) {
                pinned.add(event);
            }
        });
        stream.startAsync();
        context.getStore(NAMESPACE).put(Recording.class, new Recording(stream, pinned));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Recording recording = context.getStore(NAMESPACE).remove(Recording.class, Recording.class);
        try (RecordingStream stream = recording.stream()) {
            stream.stop(); // returns once every event recorded so far has been handed to onEvent
        }
        if (!recording.pinned().isEmpty()) {
            throw new AssertionError(recording.pinned().size() + " virtual thread(s) pinned their carrier:\n"
                    + recording.pinned().stream().map(NoPinnedThreads::describe).collect(Collectors.joining("\n")));
        }
    }

    private static boolean causedByTheJdkItself(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        boolean loadingAClass = frames.stream().anyMatch(frame -> is(frame, "java.lang.Class", "forName0")
                || is(frame, "java.lang.ClassLoader", "loadClass"));
        boolean linkingACallSite = frames.stream()
                .anyMatch(frame -> is(frame, "java.lang.invoke.MethodHandleNatives", "linkCallSite")
                        || is(frame, "java.lang.invoke.MethodHandleNatives", "linkDynamicConstant"));
        String reason = event.getString("pinnedReason");
        boolean waitingForAnotherThreadsInitializer = reason != null && reason.startsWith("Waited for initialization");
        boolean inAJdkCriticalSection = "Freeze or preempt failed (2)".equals(reason);
        boolean virtualThreadBookkeeping = frames.stream()
                .anyMatch(frame -> is(frame, "java.lang.VirtualThread", "getAndClearInterrupt"));
        return loadingAClass || linkingACallSite || waitingForAnotherThreadsInitializer || inAJdkCriticalSection
                || virtualThreadBookkeeping;
    }

    private static boolean is(RecordedFrame frame, String type, String method) {
        return frame.getMethod().getType().getName().equals(type) && frame.getMethod().getName().equals(method);
    }

    private static String describe(RecordedEvent event) {
        String stack = event.getStackTrace() == null ? "  (no stack)" : event.getStackTrace().getFrames().stream()
                .limit(12)
                .map(NoPinnedThreads::describe)
                .collect(Collectors.joining("\n"));
        return "pinned for " + event.getDuration().toNanos() / 1_000 + " µs on " + event.getThread().getJavaName()
                + " (" + event.getString("pinnedReason") + ", blocked in " + event.getString("blockingOperation") + ")"
                + "\n" + stack;
    }

    private static String describe(RecordedFrame frame) {
        return "  at " + frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
                + " (line " + frame.getLineNumber() + ")";
    }
}
