package dev.awaitable.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** W3's CPU reading: per thread, in nanoseconds, counting threads that start during a measurement. */
class ProcessMeasuresTest {

    @Test
    void aMeasurementCountsTheCpuOfAThreadStartedDuringIt() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread run times are Linux's");
        ProcessMeasures.CpuStart start = ProcessMeasures.startCpu(true);
        assertNotNull(start.threadNanos(), "the per-thread run times were unreadable: the reading fell back to ticks");

        AtomicLong burnedNanos = new AtomicLong();
        CountDownLatch measured = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            long until = System.nanoTime() + 30_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            burnedNanos.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            try {
                measured.await(); // alive through the reading: a thread that has ended is not counted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        while (burnedNanos.get() == 0) {
            Thread.sleep(1);
        }
        double seconds = ProcessMeasures.cpuSecondsSince(start);
        measured.countDown();
        worker.join();

        // Every thread's run time only grows, and the worker counts from zero, so the sum is at least
        // what the worker alone had used (its own clock and schedstat count the same run time).
        assertTrue(seconds >= burnedNanos.get() / 1e9, seconds + " s measured, the worker alone used " + burnedNanos.get() / 1e9);
    }
}
