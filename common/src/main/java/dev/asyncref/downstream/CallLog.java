package dev.asyncref.downstream;

import dev.asyncref.context.RequestContext;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The call log shared by the services of one {@link Downstream}, so that the order of events across
 * services is the order they were recorded in. Bounded: past its capacity it counts what it drops instead
 * of growing; with capacity 0 it records nothing and costs one branch per event.
 */
final class CallLog {

    private final int capacity;
    private final Queue<CallEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong offered = new AtomicLong();

    CallLog(int capacity) {
        this.capacity = capacity;
    }

    void record(String service, long call, CallEvent.Kind kind, Object request) {
        if (capacity == 0 || offered.incrementAndGet() > capacity) {
            return;
        }
        Thread thread = Thread.currentThread();
        String name = thread.getName().isEmpty() ? "virtual-" + thread.threadId() : thread.getName();
        events.add(new CallEvent(service, call, kind, request, name, thread.isVirtual(), System.nanoTime(),
                RequestContext.currentCorrelationId()));
    }

    List<CallEvent> events() {
        return List.copyOf(events);
    }

    long dropped() {
        return Math.max(0, offered.get() - capacity);
    }
}
