package dev.awaitable.reactor;

/** How a {@link PythonRuntime} with several loop threads picks the loop for a new call. */
public enum LoopPlacement {

    /** Loops in turn. Cheapest; even when calls are alike. The default. */
    ROUND_ROBIN,

    /** The loop with the fewest calls in flight (ties: the lowest index). Evens out mixed workloads. */
    LEAST_LOADED
}
