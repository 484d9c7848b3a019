package dev.asyncref.benchmarks.scale;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What the JVM and the operating system say about this process: CPU time, live platform threads, heap after
 * a full collection, resident memory. The JDK's management beans, and Linux's {@code /proc} for what they do
 * not tell.
 */
public final class Machine {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    private Machine() {}

    /** CPU time used by the whole process so far (every thread, the collector's and compiler's too), in ns. */
    public static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Live platform threads now; virtual threads are not counted. */
    public static int platformThreads() {
        return THREADS.getThreadCount();
    }

    /** Starts counting the most live platform threads from now on. */
    public static void resetPeakThreads() {
        THREADS.resetPeakThreadCount();
    }

    /** The most live platform threads since the last {@link #resetPeakThreads()}. */
    public static int peakPlatformThreads() {
        return THREADS.getPeakThreadCount();
    }

    /** Collections so far, across collectors. */
    static long collections() {
        return COLLECTORS.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /** Heap in use after full collections: what is still reachable, in bytes. */
    public static long heapAfterFullCollection() {
        System.gc();
        System.gc(); // a second one: the first may leave what a finalizer or cleaner only then released
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /**
     * Live bytes on the heap by class, from the JVM's own class histogram ({@code jcmd <pid> GC.class_histogram},
     * which collects first); empty where the JVM has none.
     */
    static Map<String, Long> classHistogram() {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException unavailable) {
            return Map.of();
        }
        Map<String, Long> bytes = new HashMap<>();
        histogram.lines().map(String::trim).filter(line -> line.matches("\\d+:.*")).forEach(line -> {
            String[] columns = line.split("\\s+");
            bytes.put(columns[3], Long.parseLong(columns[2]));
        });
        return bytes;
    }

    /**
     * About how many threads this machine lets a process start: the kernel's thread limit, or half its limit
     * of memory maps per process, since each thread's stack takes two (the stack and its guard page).
     */
    static long platformThreadLimit() {
        return Math.min(readLong("/proc/sys/kernel/threads-max"), readLong("/proc/sys/vm/max_map_count") / 2);
    }

    static String platformThreadLimitReason() {
        long threadsMax = readLong("/proc/sys/kernel/threads-max");
        long maps = readLong("/proc/sys/vm/max_map_count");
        return threadsMax <= maps / 2 ? "kernel.threads-max " + threadsMax
                : "vm.max_map_count " + maps + ", two memory maps per thread";
    }

    private static long readLong(String file) {
        try {
            // readAllLines, not readString: a /proc file says it is empty, and readString then reads one byte.
            return Long.parseLong(Files.readAllLines(Path.of(file)).getFirst().trim());
        } catch (IOException | RuntimeException unknown) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Resident memory of the process, in bytes, from {@code /proc/self/status}; -1 where there is none. With
     * a pre-touched heap it grows only with memory outside the heap, such as thread stacks.
     */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through: unknown
        }
        return -1;
    }
}
