package dev.awaitable.benchmarks.suite;

import java.util.concurrent.locks.LockSupport;

/**
 * The floor under any cross-thread call: a token handed to a parked thread and back, with nothing
 * else done (two park/unpark wake-ups). W6 reports it beside each round trip measured in a JVM.
 */
public final class ThreadHandoff {

    private ThreadHandoff() {
    }

    private static volatile long sent;
    private static volatile long returned;

    /** @return the median round trip in microseconds over {@code rounds} hand-offs */
    public static double medianRoundTripMicros(int rounds) throws InterruptedException {
        Thread caller = Thread.currentThread();
        Thread echo = new Thread(() -> {
            for (long seen = 0; seen < rounds; ) {
                if (sent == seen + 1) {
                    seen = sent;
                    returned = seen;
                    LockSupport.unpark(caller);
                } else {
                    LockSupport.park();
                }
            }
        });
        sent = 0;
        returned = 0;
        echo.setDaemon(true);
        echo.start();
        long[] samples = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            sent = i + 1;
            LockSupport.unpark(echo);
            while (returned != i + 1) {
                LockSupport.park();
            }
            samples[i] = System.nanoTime() - start;
        }
        echo.join();
        return ProcessMeasures.percentileMicros(ProcessMeasures.sorted(samples), 0.5);
    }
}
