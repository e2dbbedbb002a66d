package dev.awaitable.reactor;

/**
 * Which Python event loop a {@link PythonRuntime}'s loop threads run
 * ({@link PythonRuntime.Builder#eventLoop(EventLoopKind)}).
 *
 * <p>Both run the same coroutines behind the same Java API; they differ in what they measure best at and
 * in what they support:
 *
 * <table>
 * <caption>The two loop kinds</caption>
 * <tr><th></th><th>{@link #ASYNCIO} (default)</th><th>{@link #UVLOOP}</th></tr>
 * <tr><td>I/O</td><td>asyncio's selector loop</td><td>libuv: lower latency on sockets</td></tr>
 * <tr><td>virtual time ({@code StepVerifier.withVirtualTime})</td><td>moves Python's timers</td>
 *     <td>does not: Python's timers follow real time</td></tr>
 * <tr><td>BlockHound's Python checks</td><td>yes</td><td>yes</td></tr>
 * <tr><td>slow-step detector</td><td>every callback</td><td>coroutine steps (not uvloop's own
 *     protocol callbacks)</td></tr>
 * <tr><td>isolated loops</td><td>yes</td><td>no (uvloop cannot load in a sub-interpreter)</td></tr>
 * <tr><td>dependency</td><td>none</td><td>the {@code uvloop} package in the embedded Python</td></tr>
 * </table>
 */
public enum EventLoopKind {

    /**
     * asyncio's own selector event loop, stepped by the Java loop thread: the default. Supports
     * virtual time and isolated loops.
     */
    ASYNCIO,

    /**
     * A uvloop loop that each loop thread enters once and serves from inside; Java's commands reach
     * it through a pipe it reads. Needs {@code pip install uvloop} in the embedded Python; not with
     * {@link PythonRuntime.Builder#isolatedLoops(int)}; virtual time does not move its timers.
     */
    UVLOOP
}
