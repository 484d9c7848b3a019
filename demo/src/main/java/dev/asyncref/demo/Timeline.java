package dev.asyncref.demo;

import dev.asyncref.downstream.CallEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What happened during one run, from the caller's notes and the services' call log, in time order. */
final class Timeline {

    private record Entry(long nanoTime, String thread, String who, String what) {}

    private final long start = System.nanoTime();
    private final Queue<Entry> notes = new ConcurrentLinkedQueue<>();

    /** Notes something the caller (or a result listener) did, on the current thread. */
    void note(String who, String what) {
        notes.add(new Entry(System.nanoTime(), threadName(), who, what));
    }

    void print(List<CallEvent> calls, PrintStream out) {
        List<Entry> entries = new ArrayList<>(notes);
        calls.forEach(call -> entries.add(new Entry(call.nanoTime(), call.thread(), call.service(),
                "call " + call.call() + " " + call.kind().name().toLowerCase() + ": " + call.request())));
        entries.sort(Comparator.comparingLong(Entry::nanoTime));
        for (Entry entry : entries) {
            out.printf("  %+5d ms  %-14s %-9s %s%n",
                    (entry.nanoTime() - start) / 1_000_000, entry.thread(), entry.who(), entry.what());
        }
    }

    private static String threadName() {
        Thread thread = Thread.currentThread();
        return thread.getName().isEmpty() ? "virtual-" + thread.threadId() : thread.getName();
    }
}
