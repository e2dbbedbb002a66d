package dev.awaitable.benchmarks.suite;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What a benchmark reads of its own process: CPU time, Java heap after GC, resident memory. */
public final class ProcessMeasures {

    private ProcessMeasures() {
    }

    /** CPU seconds this process has used on all its threads. */
    public static double cpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
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
