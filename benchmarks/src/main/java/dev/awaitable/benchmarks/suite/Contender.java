package dev.awaitable.benchmarks.suite;

/** The ways a user could run the same Python coroutines; the suite runs every workload through each. */
enum Contender {
    /** This library with default settings. */
    LIBRARY("reactor-awaitable"),
    /** The same coroutines under {@code asyncio.run} in a plain {@code python3} process: the reference. */
    PURE_ASYNCIO("pure asyncio"),
    /** Jep by hand: a Java thread pool, a SharedInterpreter per thread, {@code asyncio.run} per call. */
    JEP_BY_HAND("Jep by hand"),
    /** A Java driver re-sending {@code None} each time a coroutine yields; blocking work polled for. */
    POLLING("polling driver"),
    /** The pure-asyncio script with uvloop's loop: the fast reference for the I/O workloads. */
    UVLOOP("uvloop"),
    /** This library with {@code eventLoop(EventLoopKind.UVLOOP)}: against uvloop on I/O, against the default kind elsewhere. */
    LIBRARY_UVLOOP("reactor-awaitable, uvloop kind");

    final String label;

    Contender(String label) {
        this.label = label;
    }
}
