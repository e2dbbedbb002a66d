package dev.awaitable.benchmarks;

/** CPU work done in Java, called from Python coroutines (Jep releases the GIL during the call). */
public final class JavaWork {

    private JavaWork() {
    }

    /**
     * Spins for about {@code nanos} nanoseconds of CPU.
     *
     * @return a value that depends on the work, so it is not optimised away
     */
    public static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x = x * 31 + 7;
        }
        return x;
    }
}
