package dev.awaitable.benchmarks.suite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** What a benchmark reads of its own process: CPU time, Java heap after GC, resident memory. */
public final class ProcessMeasures {

    private ProcessMeasures() {
    }

    /**
     * Starts a measurement of this process's CPU time; {@link #cpuSecondsSince} ends it.
     * <p>
     * The JVM's process CPU time counts clock ticks (10 ms on Linux), a step of 7% of W3's ~0.15 s
     * runs. Where Linux's per-thread run times are readable ({@code /proc/self/task/<tid>/schedstat},
     * nanoseconds, every native thread: Java's, the GC's, the JIT compiler's) the measurement sums
     * those instead, per thread: a thread started during it counts from zero, and one that ended
     * during it is lost (W3's threads live through its measured runs; a JIT compiler thread that the
     * JVM retires meanwhile would lose its share). The calling thread's own time is read last here
     * and first at the end, so reading the other threads' files is not counted.
     *
     * @param perThread false to count in the JVM's ticks anyway (one cheap call, for runs of seconds)
     */
    public static CpuStart startCpu(boolean perThread) {
        Map<String, Long> nanos = perThread ? threadCpuNanos(false) : null;
        return new CpuStart(nanos, nanos == null ? cpuSeconds() : 0);
    }

    /** CPU seconds this process used since {@code start}, on all its threads. */
    public static double cpuSecondsSince(CpuStart start) {
        Map<String, Long> now = start.threadNanos() == null ? null : threadCpuNanos(true);
        if (now == null) {
            return cpuSeconds() - start.tickSeconds();
        }
        long total = 0;
        for (Map.Entry<String, Long> thread : now.entrySet()) {
            total += thread.getValue() - start.threadNanos().getOrDefault(thread.getKey(), 0L);
        }
        return total / 1e9;
    }

    /** Where a {@link #startCpu} measurement began: per-thread nanoseconds, or else (null) ticks in seconds. */
    public record CpuStart(Map<String, Long> threadNanos, double tickSeconds) {
    }

    /**
     * CPU seconds this process has used on all its threads, in the JVM's 10 ms ticks. Per thread,
     * {@link #startCpu} measures to the nanosecond, at the price of reading a file per thread, and its
     * code must be compiled before the measured runs (on 2 cores the JIT compiler would take CPU from
     * them).
     */
    private static double cpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** Run time in nanoseconds by thread id, the calling thread's read first or last; null where unreadable. */
    private static Map<String, Long> threadCpuNanos(boolean ownFirst) {
        try {
            String own = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Map<String, Long> nanos = new HashMap<>();
            if (ownFirst) {
                nanos.put(own, runNanos(own));
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    String tid = task.getFileName().toString();
                    if (!tid.equals(own)) {
                        try {
                            nanos.put(tid, runNanos(tid));
                        } catch (IOException ended) {
                            // the thread ended after the listing: its time is lost, as documented
                        }
                    }
                }
            }
            if (!ownFirst) {
                nanos.put(own, runNanos(own));
            }
            return nanos;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The first field of a thread's schedstat: nanoseconds it has run on a CPU. */
    private static long runNanos(String tid) throws IOException {
        String line = Files.readString(Path.of("/proc/self/task", tid, "schedstat"));
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }

    /** Java heap in use after asking for full collections until the figure settles. */
    public static long heapAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Resident set size of this process in bytes (Linux), or -1 where it cannot be read. */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** The median of {@code values} (NaN when there are none); the array is left as it was. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The value at {@code fraction} (0..1) of sorted nanosecond samples, in microseconds. */
    static double percentileMicros(long[] sortedNanos, double fraction) {
        int index = Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * fraction));
        return sortedNanos[index] / 1e3;
    }

    static long[] sorted(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }
}
