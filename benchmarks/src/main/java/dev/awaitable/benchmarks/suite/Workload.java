package dev.awaitable.benchmarks.suite;

import java.util.Map;

/**
 * The workloads of the suite: what each measures, its sizes (full and quick), the metric the ratios
 * and the chart use, the target the library must meet, and which contenders can run it.
 */
enum Workload {
    W1("Python-internal stepping", "10,000 coroutines x 100 asyncio.sleep(0)",
            Map.of("coroutines", 10_000, "steps", 100), Map.of("coroutines", 1_000, "steps", 100),
            "stepsPerSecond", "steps/s", true, "≥ 0.9× pure asyncio"),
    W2("Many tiny calls", "200,000 calls of async def f(x): return x + 1, 1,024 in flight",
            Map.of("calls", 200_000, "concurrency", 1_024), Map.of("calls", 20_000, "concurrency", 1_024),
            "callsPerSecond", "calls/s", true,
            "≥ 0.5× pure asyncio, ≥ 10× Jep by hand, through AwaitableFlux.map ≥ 1.0× the polling driver"),
    W3("Blocking fan-out", "2,000 time.sleep(0.05) off the loop, 200 in flight",
            Map.of("calls", 2_000, "inFlight", 200, "sleep", 0.05), Map.of("calls", 400, "inFlight", 200, "sleep", 0.05),
            "seconds", "s wall", false, "wall ≤ 1.15× ideal, CPU ≤ 1.3× the floor in its process"),
    W4("Streaming", "1,000,000 items from a trivial async generator",
            Map.of("items", 1_000_000), Map.of("items", 100_000),
            "itemsPerSecond", "items/s", true, "≥ 0.3× plain async for"),
    W5("In-flight memory", "100,000 coroutines suspended on an asyncio.Event",
            Map.of("coroutines", 100_000, "threads", 250), Map.of("coroutines", 10_000, "threads", 200),
            "bytesPerCoroutine", "bytes/coroutine", false, "≤ 4 KB per coroutine (Java heap + Python)"),
    W6("Latency", "round trip of a trivial call on an idle runtime",
            Map.of("calls", 20_000, "warmup", 5_000), Map.of("calls", 2_000, "warmup", 500),
            "medianMicros", "µs median", false, "median ≤ 50 µs, p99 ≤ 500 µs"),
    W7("Startup", "process start to first result (JVM or interpreter boot included)",
            Map.of(), Map.of(),
            "processStartupMillis", "ms", false, "create() to first result ≤ 500 ms (Reactor loaded)"),
    W8("HTTP client", "5,000 aiohttp GETs, 50 in flight, one session, against a server in another process",
            Map.of("requests", 5_000, "inFlight", 50), Map.of("requests", 500, "inFlight", 50),
            "requestsPerSecond", "requests/s", true, "≥ 0.9× pure asyncio, ≥ 0.9× uvloop"),
    W9("Echo round trip", "20,000 one-byte TCP round trips in a row, against a server in another process",
            Map.of("roundTrips", 20_000), Map.of("roundTrips", 2_000),
            "microsPerRoundTrip", "µs per round trip", false, "≤ 1.1× pure asyncio's time"),
    W10("Bounded map", "1,000,000 inputs of async def f(x): await asyncio.sleep(0); return x + 1, at 100, 1,000 and 10,000 in flight",
            Map.of("inputs", 1_000_000), Map.of("inputs", 20_000),
            "callsPerSecond", "calls/s at the slowest width", true, "≥ 50,000 calls/s at every width, ≥ 1.0× pure asyncio"),
    W11("Parallel loops", "2,000 coroutines x 100 steps of 10 µs of pure-Python CPU on Python 3.12: 2 isolated loops "
            + "(each its own GIL) against 1 loop, 2 shared loops beside",
            Map.of("coroutines", 2_000, "steps", 100), Map.of("coroutines", 200, "steps", 50),
            "isolatedSpeedup", "× one loop's steps/s", true, "2 isolated loops ≥ 1.7× one loop"),
    W12("Rich results", "100,000 calls each returning a pydantic model of 20 fields (a datetime, a Decimal, a UUID, "
            + "a list of 5 models) received as a Java record: the library's conversion against JSON "
            + "(model_dump(mode=\"json\") + json.dumps in Python, Jackson readValue in Java), 256 in flight",
            Map.of("calls", 100_000, "inFlight", 256), Map.of("calls", 5_000, "inFlight", 256),
            "richSpeedup", "× the JSON path's calls/s", true, "≥ 2× the JSON path"),
    W13("Vectors", "100,000 calls each returning a 1,536-float32 numpy embedding, 256 in flight, received as "
            + "float[], against .tolist(); and one 50 MB float32 array",
            Map.of("calls", 100_000, "inFlight", 256, "size", 1_536, "bigMegabytes", 50),
            Map.of("calls", 5_000, "inFlight", 256, "size", 1_536, "bigMegabytes", 50),
            "vectorSpeedup", "× the .tolist() path's calls/s", true, "≥ 10× the .tolist() path, 50 MB at ≥ 1 GB/s"),
    W14("Tracing", "W2's calls (async def f(x): return x + 1, 1,024 in flight) on a runtime with no tracing (the path "
            + "when OpenTelemetry is absent) and on one whose calls an OpenTelemetry SDK traces (a span each, batched "
            + "to an exporter that drops them)",
            Map.of("calls", 200_000, "inFlight", 1_024), Map.of("calls", 20_000, "inFlight", 1_024),
            "tracedRatio", "× the untraced calls/s", true, "untraced as W2 (the absent path); traced: its cost, measured"),
    W15("Key-value requests", "50,000 redis-style GETs (a line protocol) through one pooled client, 50 in flight, "
            + "against a server in another process",
            Map.of("requests", 50_000, "inFlight", 50), Map.of("requests", 2_000, "inFlight", 50),
            "requestsPerSecond", "requests/s", true, "≥ 0.9× pure asyncio; uvloop measured beside");

    /** W10's widths: how many coroutines it keeps in flight, one measurement each. */
    static final int[] MAP_WIDTHS = {100, 1_000, 10_000};

    final String title;
    final String description;
    final Map<String, Number> full;
    final Map<String, Number> quick;
    final String metric;
    final String unit;
    final boolean higherIsBetter;
    final String target;

    Workload(String title, String description, Map<String, Number> full, Map<String, Number> quick,
             String metric, String unit, boolean higherIsBetter, String target) {
        this.title = title;
        this.description = description;
        this.full = full;
        this.quick = quick;
        this.metric = metric;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.target = target;
    }

    Map<String, Number> params(boolean quickMode) {
        return quickMode ? quick : full;
    }

    /** @return whether this workload talks to the suite's I/O server (its ports are added to the params) */
    boolean usesIoServer() {
        return this == W8 || this == W9 || this == W15;
    }

    /**
     * The I/O workloads run where asyncio's sockets do: the library, pure asyncio and uvloop (Jep by
     * hand and the polling driver have no loop that serves sockets); the others run everywhere but
     * under uvloop, which is a reference for I/O only. W10 measures the library's map against pure
     * asyncio's bounded window, W11 the library's isolated loops against its single and shared loops.
     * The library's uvloop kind runs the I/O workloads (against uvloop) and W1, W2, W6 and W10
     * (against the default kind).
     */
    boolean runsOn(Contender contender) {
        if (contender == Contender.LIBRARY_UVLOOP) { // the uvloop kind's I/O, and its price where the default kind is measured
            return this == W1 || this == W2 || this == W6 || this == W8 || this == W9 || this == W10 || this == W15;
        }
        if (this == W10) { // AwaitableFlux.map against pure asyncio's bounded window; the others have no map
            return contender == Contender.LIBRARY || contender == Contender.PURE_ASYNCIO;
        }
        if (this == W11 || this == W12 || this == W13 || this == W14) { // the library's loop arrangements, or its two ways of results, or traced and not, against each other
            return contender == Contender.LIBRARY;
        }
        return usesIoServer() ? contender == Contender.LIBRARY || contender == Contender.PURE_ASYNCIO
                || contender == Contender.UVLOOP : contender != Contender.UVLOOP;
    }

    /**
     * The sizes for one contender. Jep by hand runs W2 on a quarter of the calls (a rate, so the
     * figure is the same; at ~3,000 calls/s the full 200,000 would take a third of the suite's time).
     */
    Map<String, Number> params(boolean quickMode, Contender contender) {
        Map<String, Number> params = params(quickMode);
        if (this == W2 && contender == Contender.JEP_BY_HAND && !quickMode) {
            Map<String, Number> fewer = new java.util.HashMap<>(params);
            fewer.put("calls", params.get("calls").intValue() / 4);
            return fewer;
        }
        return params;
    }
}
