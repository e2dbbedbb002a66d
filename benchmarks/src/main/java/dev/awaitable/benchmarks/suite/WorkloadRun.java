package dev.awaitable.benchmarks.suite;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import dev.awaitable.reactor.EventLoopKind;
import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Mono;

/**
 * One measurement in a fresh JVM: {@code WorkloadRun <contender> <workload> key=value...} runs the
 * workload through that contender's {@link CoroutineRunner} and prints one line
 * {@code RESULT {json}} for {@link BenchmarkSuite} to read. Throughput workloads run a warm-up at a
 * tenth of the size first (W4: the whole stream once; W3: the whole workload, for at least two runs
 * and 4 s, and then until the JIT compiler is quiet); the measured figures are of the run after (W1:
 * the medians of three runs after; W3: of five).
 */
public final class WorkloadRun {

    /** How long W3 warms up at least (every contender, in every process). */
    private static final long WARM_UP_NANOS = 4_000_000_000L;
    /** After {@link #WARM_UP_NANOS}, W3 warms up until this many runs in a row were quiet... */
    private static final int W3_QUIET_RUNS = 3;
    /** ...a run being quiet when the JIT compiler spent less than this in it... */
    private static final long W3_QUIET_COMPILE_MILLIS = 5;
    /** ...or until this long has passed since the warm-up began. */
    private static final long W3_MAX_WARM_UP_NANOS = 15_000_000_000L;
    /** W3's figures are the median of this many runs after the warm-up (every contender). */
    private static final int W3_MEASURED_RUNS = 5;
    /**
     * W1's figures are the median of this many runs after the warm-up (every contender): one ~2 s run
     * in a fresh process moved by up to 40% with the host's speed, across a target 10% below par.
     */
    private static final int W1_MEASURED_RUNS = 3;
    /** W8's figures are the median of this many runs after the warm-up (every contender). */
    private static final int IO_MEASURED_RUNS = 5;
    /** The keys W15's GETs cycle through (asyncio_contender.py's W15_KEYS). */
    private static final int W15_KEYS = 100;

    private WorkloadRun() {
    }

    public static void main(String[] args) throws Exception {
        Contender contender = Contender.valueOf(args[0]);
        Workload workload = Workload.valueOf(args[1]);
        Params params = Params.parse(Arrays.asList(args).subList(2, args.length));
        if (workload == Workload.W7) {
            // W7's target is create() to first result in a Reactor application, which has loaded
            // Reactor's core classes before it creates a runtime (100-130 ms in a fresh JVM, the
            // same for any Reactor code). The whole process's start-up, Reactor's included, is
            // processStartupMillis.
            Mono.just(0).map(x -> x + 1).block();
        }
        long started = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (CoroutineRunner runner = open(contender)) {
            switch (workload) {
                case W1 -> stepping(runner, params, metrics);
                case W2 -> tinyCalls(runner, params, metrics);
                case W3 -> blockingFanOut(runner, params, metrics);
                case W4 -> streaming(runner, params, metrics);
                case W5 -> suspendedMemory(runner, contender, params, metrics);
                case W6 -> latency(runner, params, metrics);
                case W8 -> httpClient(runner, params, metrics);
                case W9 -> echoRoundTrips(runner, params, metrics);
                case W15 -> keyValueRequests(runner, params, metrics);
                case W10 -> boundedMap((LibraryRunner) runner, params, metrics);
                case W11 -> parallelLoops(params, metrics);
                case W12 -> richResults((LibraryRunner) runner, params, metrics);
                case W13 -> vectors((LibraryRunner) runner, params, metrics);
                case W14 -> tracing((LibraryRunner) runner, params, metrics);
                case W7 -> {
                    runner.call("bench_tasks:increment", 1);
                    metrics.put("startupMillis", (System.nanoTime() - started) / 1e6);
                    metrics.put("processStartupMillis", ProcessHandle.current().info().startInstant()
                            .map(t -> (double) java.time.Duration.between(t, java.time.Instant.now()).toNanos() / 1e6)
                            .orElse(Double.NaN));
                }
            }
        }
        metrics.put("maxRssBytes", (double) ProcessMeasures.rssBytes());
        System.out.println("RESULT " + Json.flatObject(metrics));
        System.out.flush();
        System.exit(0); // the by-hand contenders leave non-daemon pool threads behind
    }

    static CoroutineRunner open(Contender contender) throws Exception {
        return switch (contender) {
            case LIBRARY -> new LibraryRunner(Path.of(System.getProperty("bench.python")), EventLoopKind.ASYNCIO);
            case LIBRARY_UVLOOP -> new LibraryRunner(Path.of(System.getProperty("bench.python")), EventLoopKind.UVLOOP);
            case JEP_BY_HAND -> new JepByHandRunner();
            case POLLING -> new PollingRunner();
            case PURE_ASYNCIO, UVLOOP -> throw new IllegalArgumentException(contender.label + " runs in python3, not in a JVM");
        };
    }

    /** Something measured, that may throw. */
    private interface Measured<T> {
        T run() throws Exception;
    }

    /** Runs {@code work}, recording its wall and CPU seconds (in ticks) under {@code seconds} and {@code cpuSeconds}. */
    private static <T> T timed(Measured<T> work, Map<String, Double> metrics) throws Exception {
        return timed(work, metrics, false);
    }

    /**
     * Runs {@code work}, recording its wall and CPU seconds under {@code seconds} and {@code cpuSeconds};
     * the CPU per thread in nanoseconds when {@code perThreadCpu} (W3, whose runs last ~0.5 s and
     * whose warm-up runs through here too), else in the JVM's 10 ms ticks.
     */
    private static <T> T timed(Measured<T> work, Map<String, Double> metrics, boolean perThreadCpu) throws Exception {
        ProcessMeasures.CpuStart cpu = ProcessMeasures.startCpu(perThreadCpu);
        long start = System.nanoTime();
        T result = work.run();
        metrics.put("seconds", (System.nanoTime() - start) / 1e9);
        metrics.put("cpuSeconds", ProcessMeasures.cpuSecondsSince(cpu));
        return result;
    }

    /** {@code runAll} timed; returns its wall seconds. */
    private static double timedRunAll(CoroutineRunner runner, String target, java.util.function.IntFunction<Object[]> args,
                                      int n, int bound, Map<String, Double> metrics) throws Exception {
        timed(() -> {
            runner.runAll(target, args, n, bound);
            return null;
        }, metrics);
        return metrics.get("seconds");
    }

    /**
     * W8: each GET its own call, {@code inFlight} at once, through the loop's shared aiohttp session;
     * the median of {@value #IO_MEASURED_RUNS} runs (a run lasts ~0.3 s) after a warm-up of a tenth.
     */
    private static void httpClient(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int requests = params.integer("requests");
        int inFlight = params.integer("inFlight");
        int port = params.integer("http");
        runner.runAll("bench_tasks:http_get", i -> new Object[] {port}, requests / 10, inFlight);
        double[] measured = medianOfRuns(IO_MEASURED_RUNS, () -> {
            runner.runAll("bench_tasks:http_get", i -> new Object[] {port}, requests, inFlight);
            return null;
        }, false);
        runner.call("bench_tasks:close_http_session");
        metrics.put("seconds", measured[0]);
        metrics.put("cpuSeconds", measured[1]);
        metrics.put("requestsPerSecond", requests / measured[0]);
    }

    /**
     * W10: {@code AwaitableFlux.map} over the inputs at each width, after a warm-up of a tenth; the
     * headline figure is the slowest width's rate (the target asks for the same rate at every width).
     */
    private static void boundedMap(LibraryRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int inputs = params.integer("inputs");
        double slowest = Double.MAX_VALUE;
        double total = 0;
        for (int width : Workload.MAP_WIDTHS) {
            runner.mapAll("bench_tasks:sleep_then_increment", inputs / 10, width);
            long count = timed(() -> runner.mapAll("bench_tasks:sleep_then_increment", inputs, width), metrics);
            if (count != inputs) {
                throw new IllegalStateException("W10 at width " + width + ": " + count + " results of " + inputs);
            }
            double rate = inputs / metrics.get("seconds");
            metrics.put("callsPerSecondAt" + width, rate);
            slowest = Math.min(slowest, rate);
            total += metrics.get("seconds");
        }
        metrics.put("seconds", total);
        metrics.remove("cpuSeconds"); // per width only the wall is kept
        metrics.put("callsPerSecond", slowest);
    }

    /**
     * W11: the same CPU-heavy coroutines, all at once, on one loop, on two isolated loops (each its own
     * GIL) and on two shared loops, each a runtime of its own in this JVM (whose Python is 3.12+);
     * after a warm-up of a tenth each. The CPU per step is calibrated once, on the one loop.
     */
    private static void parallelLoops(Params params, Map<String, Double> metrics) throws Exception {
        int coroutines = params.integer("coroutines");
        int steps = params.integer("steps");
        Path python = Path.of(System.getProperty("bench.python"));
        Map<String, PythonRuntime.Builder> arrangements = new java.util.LinkedHashMap<>();
        arrangements.put("OneLoop", PythonRuntime.builder().addPythonPath(python).loopThreads(1));
        arrangements.put("Isolated2", PythonRuntime.builder().addPythonPath(python).isolatedLoops(2));
        arrangements.put("Shared2", PythonRuntime.builder().addPythonPath(python).loopThreads(2));
        long loops = -1;
        for (Map.Entry<String, PythonRuntime.Builder> arrangement : arrangements.entrySet()) {
            try (PythonRuntime runtime = arrangement.getValue().build()) {
                if (loops < 0) {
                    loops = ((Number) AwaitableFlux.mono(runtime, "bench_tasks:loops_for_micros", 10).block()).longValue();
                    metrics.put("loopsPer10Micros", (double) loops);
                }
                long perStep = loops;
                java.util.function.IntFunction<Mono<Void>> all = n -> Mono.when(IntStream.range(0, n)
                        .mapToObj(i -> AwaitableFlux.mono(runtime, "bench_tasks:cpu_steps", steps, perStep)).toList());
                all.apply(coroutines / 10).block();
                Map<String, Double> run = new HashMap<>();
                timed(() -> all.apply(coroutines).block(), run);
                metrics.put("stepsPerSecond" + arrangement.getKey(), (double) coroutines * steps / run.get("seconds"));
                metrics.put("cpuSeconds" + arrangement.getKey(), run.get("cpuSeconds"));
            }
        }
        metrics.put("isolatedSpeedup", metrics.get("stepsPerSecondIsolated2") / metrics.get("stepsPerSecondOneLoop"));
        metrics.put("sharedSpeedup", metrics.get("stepsPerSecondShared2") / metrics.get("stepsPerSecondOneLoop"));
    }

    /**
     * W12: the same model returned {@code calls} times, {@code inFlight} at once, received as a Java
     * record two ways on one runtime: through the library's conversion ({@code mono(runtime,
     * RichRow.class, ...)}) and as JSON text read by Jackson (what a user does without it). After a
     * warm-up of a tenth each, three rounds alternate the two; the figures are the medians.
     */
    private static void richResults(LibraryRunner library, Params params, Map<String, Double> metrics) throws Exception {
        int calls = params.integer("calls");
        int inFlight = params.integer("inFlight");
        PythonRuntime runtime = library.runtime();
        com.fasterxml.jackson.databind.ObjectMapper json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
        java.util.function.IntFunction<Mono<RichRow>> converted = i -> AwaitableFlux.mono(runtime, RichRow.class,
                "bench_tasks:rich_row", i);
        java.util.function.IntFunction<Mono<RichRow>> viaJson = i -> AwaitableFlux.mono(runtime, String.class,
                "bench_tasks:rich_row_json", i).map(text -> {
                    try {
                        return json.readValue(text, RichRow.class);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        if (!converted.apply(7).block().equals(viaJson.apply(7).block())) {
            throw new IllegalStateException("W12: the two paths give different records: " + converted.apply(7).block()
                    + " and " + viaJson.apply(7).block());
        }
        Map<String, java.util.function.IntFunction<? extends Mono<?>>> paths = new LinkedHashMap<>();
        paths.put("Rich", converted);
        paths.put("Json", viaJson);
        alternatingRates(paths, calls, inFlight, metrics);
        metrics.put("richSpeedup", metrics.get("callsPerSecondRich") / metrics.get("callsPerSecondJson"));
    }

    /**
     * W13: the same embedding returned {@code calls} times, {@code inFlight} at once, as a numpy array
     * (a {@code float[]} in Java) and as {@code .tolist()}; alternating rounds after a warm-up, medians;
     * then one array of {@code bigMegabytes}, the best of three, in GB/s.
     */
    private static void vectors(LibraryRunner library, Params params, Map<String, Double> metrics) throws Exception {
        int calls = params.integer("calls");
        int inFlight = params.integer("inFlight");
        int size = params.integer("size");
        PythonRuntime runtime = library.runtime();
        Object array = AwaitableFlux.mono(runtime, "bench_tasks:embedding_array", size).block();
        if (!(array instanceof float[] floats) || floats.length != size) {
            throw new IllegalStateException("W13: the array path gave " + array);
        }
        Map<String, java.util.function.IntFunction<? extends Mono<?>>> paths = new LinkedHashMap<>();
        paths.put("Array", i -> AwaitableFlux.mono(runtime, "bench_tasks:embedding_array", size));
        paths.put("ToList", i -> AwaitableFlux.mono(runtime, "bench_tasks:embedding_list", size));
        alternatingRates(paths, calls, inFlight, metrics);
        metrics.put("vectorSpeedup", metrics.get("callsPerSecondArray") / metrics.get("callsPerSecondToList"));
        metrics.put("megabytesPerSecondArray", metrics.get("callsPerSecondArray") * size * 4 / 1e6);
        int bigFloats = params.integer("bigMegabytes") * 1024 * 1024 / 4;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            float[] big = (float[]) AwaitableFlux.mono(runtime, "bench_tasks:embedding_array", bigFloats).block();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
            if (big.length != bigFloats) {
                throw new IllegalStateException("W13: " + big.length + " floats of " + bigFloats);
            }
        }
        metrics.put("bigArrayGigabytesPerSecond", bigFloats * 4.0 / best / 1e9);
    }

    /**
     * W14: W2's calls on the contender's runtime (no OpenTelemetry given and no global one: untraced, the
     * same branch as without the API) and on a second runtime whose calls an OpenTelemetry SDK traces,
     * its spans batched to an exporter that drops them; alternating rounds, medians.
     */
    private static void tracing(LibraryRunner library, Params params, Map<String, Double> metrics) throws Exception {
        int calls = params.integer("calls");
        int inFlight = params.integer("inFlight");
        io.opentelemetry.sdk.trace.SdkTracerProvider provider = io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                .addSpanProcessor(io.opentelemetry.sdk.trace.export.BatchSpanProcessor.builder(new DroppingExporter()).build())
                .build();
        io.opentelemetry.sdk.OpenTelemetrySdk sdk = io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                .setTracerProvider(provider).build();
        try (PythonRuntime traced = PythonRuntime.builder().addPythonPath(Path.of(System.getProperty("bench.python")))
                .openTelemetry(sdk).build()) {
            PythonRuntime untraced = library.runtime();
            Map<String, java.util.function.IntFunction<? extends Mono<?>>> paths = new LinkedHashMap<>();
            paths.put("Untraced", i -> AwaitableFlux.mono(untraced, "bench_tasks:increment", i));
            paths.put("Traced", i -> AwaitableFlux.mono(traced, "bench_tasks:increment", i));
            alternatingRates(paths, calls, inFlight, metrics);
        } finally {
            provider.close();
        }
        metrics.put("tracedRatio", metrics.get("callsPerSecondTraced") / metrics.get("callsPerSecondUntraced"));
    }

    /** Takes the spans and keeps none: W14 measures making and ending them, not exporting. */
    private static final class DroppingExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }
    }

    /**
     * Each path's calls/s as {@code callsPerSecond<name>}: a warm-up of a tenth each, then three
     * rounds that alternate the paths (so the host's changes of speed reach both); the medians.
     */
    private static void alternatingRates(Map<String, java.util.function.IntFunction<? extends Mono<?>>> paths, int calls,
                                         int inFlight, Map<String, Double> metrics) throws Exception {
        Map<String, double[]> rates = new HashMap<>();
        for (Map.Entry<String, java.util.function.IntFunction<? extends Mono<?>>> path : paths.entrySet()) {
            reactor.core.publisher.Flux.range(0, calls / 10).flatMap(path.getValue()::apply, inFlight).then().block();
            rates.put(path.getKey(), new double[3]);
        }
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, java.util.function.IntFunction<? extends Mono<?>>> path : paths.entrySet()) {
                Map<String, Double> run = new HashMap<>();
                timed(() -> reactor.core.publisher.Flux.range(0, calls).flatMap(path.getValue()::apply, inFlight).then().block(), run);
                rates.get(path.getKey())[round] = calls / run.get("seconds");
            }
        }
        for (Map.Entry<String, double[]> rate : rates.entrySet()) {
            double[] sorted = rate.getValue().clone();
            Arrays.sort(sorted);
            metrics.put("callsPerSecond" + rate.getKey(), sorted[1]);
        }
    }

    /**
     * W15: each GET a call of its own through the loop's pooled client, {@code inFlight} at once, as
     * a service calls Python per request; a run sets the keys, gets, and closes the client.
     */
    private static void keyValueRequests(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int requests = params.integer("requests");
        int inFlight = params.integer("inFlight");
        int port = params.integer("kv");
        Measured<Void> run = () -> {
            runner.call("bench_tasks:key_value_set", port, W15_KEYS);
            runner.runAll("bench_tasks:key_value_get", i -> new Object[] {port, i % W15_KEYS}, requests, inFlight);
            runner.call("bench_tasks:close_key_value_client");
            return null;
        };
        runner.call("bench_tasks:key_value_set", port, W15_KEYS);
        runner.runAll("bench_tasks:key_value_get", i -> new Object[] {port, i % W15_KEYS}, requests / 10, inFlight);
        runner.call("bench_tasks:close_key_value_client");
        double[] measured = medianOfRuns(IO_MEASURED_RUNS, run, false);
        metrics.put("seconds", measured[0]);
        metrics.put("cpuSeconds", measured[1]);
        metrics.put("requestsPerSecond", requests / measured[0]);
    }

    /** W9: one call making the round trips one after another, so the loop thread waits on the socket each time. */
    private static void echoRoundTrips(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int roundTrips = params.integer("roundTrips");
        int port = params.integer("echo");
        runner.call("bench_tasks:echo_round_trips", port, roundTrips / 10);
        timed(() -> runner.call("bench_tasks:echo_round_trips", port, roundTrips), metrics);
        metrics.put("microsPerRoundTrip", metrics.get("seconds") / roundTrips * 1e6);
    }

    private static void stepping(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int coroutines = params.integer("coroutines");
        int steps = params.integer("steps");
        runner.runAll("bench_tasks:stepping", i -> new Object[] {steps}, coroutines / 10, coroutines / 10);
        double[] measured = medianOfRuns(W1_MEASURED_RUNS, () -> {
            runner.runAll("bench_tasks:stepping", i -> new Object[] {steps}, coroutines, coroutines);
            return null;
        }, false);
        metrics.put("seconds", measured[0]);
        metrics.put("cpuSeconds", measured[1]);
        metrics.put("stepsPerSecond", (double) coroutines * steps / measured[0]);
    }

    private static void tinyCalls(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int calls = params.integer("calls");
        int concurrency = params.integer("concurrency");
        runner.runAll("bench_tasks:increment", i -> new Object[] {i}, calls / 10, concurrency);
        double seconds = timedRunAll(runner, "bench_tasks:increment", i -> new Object[] {i}, calls, concurrency, metrics);
        metrics.put("callsPerSecond", calls / seconds);
        if (runner instanceof LibraryRunner library) {
            // Reported beside: the same calls as one AwaitableFlux.map, the library's own bounded operator.
            library.mapAll("bench_tasks:increment", calls / 10, concurrency);
            Map<String, Double> throughMap = new HashMap<>();
            timed(() -> library.mapAll("bench_tasks:increment", calls, concurrency), throughMap);
            metrics.put("callsPerSecondThroughMap", calls / throughMap.get("seconds"));
        }
    }

    private static void blockingFanOut(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int calls = params.integer("calls");
        int inFlight = params.integer("inFlight");
        double sleep = params.decimal("sleep");
        String target = runner.blockingSleepTarget();
        // CPU is a target here, and the JIT compiler is busy for the first runs in a JVM (library,
        // one JVM: 0.8 s of process CPU on the first run, 0.4 on the second; 3-60 ms of compilation a
        // run up to about the tenth run, 0-2 ms from then on), and a fixed 4 s warm-up still left
        // measured runs that compiled tens of ms. So every contender warms up for at least 4 s and then until W3_QUIET_RUNS runs in a row compiled
        // less than W3_QUIET_COMPILE_MILLIS each, for W3_MAX_WARM_UP_NANOS at most.
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long warmUpStart = System.nanoTime();
        int quietRuns = 0;
        Measured<Void> fanOut = () -> {
            runner.runAll(target, i -> new Object[] {i, sleep}, calls, inFlight);
            return null;
        };
        for (int warmUp = 0; !warmedUp(warmUp, System.nanoTime() - warmUpStart, quietRuns); warmUp++) {
            long compiledBefore = jit.getTotalCompilationTime();
            timed(fanOut, new HashMap<>(), true); // timed as the measured runs are, so the measuring code is warm too
            quietRuns = jit.getTotalCompilationTime() - compiledBefore < W3_QUIET_COMPILE_MILLIS ? quietRuns + 1 : 0;
        }
        metrics.put("warmUpSeconds", (System.nanoTime() - warmUpStart) / 1e9);
        double[] flatMapped = medianOfRuns(W3_MEASURED_RUNS, fanOut, true);
        metrics.put("seconds", flatMapped[0]);
        metrics.put("cpuSeconds", flatMapped[1]);
        metrics.put("jitSeconds", flatMapped[2]);
        metrics.put("cpuLessJitSeconds", flatMapped[3]);
        metrics.put("idealSeconds", calls * sleep / inFlight);
        // Reported beside the figures above; the target is checked on those.
        measureBeside(runner.blockingFanOutInPython(calls, inFlight, sleep), "boundInPython", metrics);
        measureBeside(runner.blockingFanOutFloor(calls, inFlight, sleep), "floorInProcess", metrics);
    }

    /**
     * Times another shape of W3 ({@code shape}, null when the contender has none) as the measured
     * runs are, after two warm-up runs: {@code <name>Seconds} and {@code <name>CpuSeconds}, medians.
     */
    private static void measureBeside(Runnable shape, String name, Map<String, Double> metrics) throws Exception {
        if (shape == null) {
            return;
        }
        Measured<Void> run = () -> {
            shape.run();
            return null;
        };
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            timed(run, new HashMap<>(), true);
        }
        double[] figures = medianOfRuns(W3_MEASURED_RUNS, run, true);
        metrics.put(name + "Seconds", figures[0]);
        metrics.put(name + "CpuSeconds", figures[1]);
    }

    /** Whether W3's warm-up may end: two runs and {@link #WARM_UP_NANOS} at least, then quiet runs or the cap. */
    private static boolean warmedUp(int runs, long elapsedNanos, int quietRuns) {
        return runs >= 2 && elapsedNanos >= WARM_UP_NANOS
                && (quietRuns >= W3_QUIET_RUNS || elapsedNanos >= W3_MAX_WARM_UP_NANOS);
    }

    /**
     * Runs {@code work} {@code runs} times: the median wall, CPU and JIT compilation seconds, and the
     * median of each run's CPU less its compilation (CPU as {@link #timed} reads it).
     */
    private static double[] medianOfRuns(int runs, Measured<?> work, boolean perThreadCpu) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        double[] compiled = new double[runs];
        double[] cpuLessJit = new double[runs];
        for (int run = 0; run < runs; run++) {
            long compiledBefore = jit.getTotalCompilationTime();
            Map<String, Double> one = new HashMap<>();
            timed(work, one, perThreadCpu);
            wall[run] = one.get("seconds");
            cpu[run] = one.get("cpuSeconds");
            compiled[run] = (jit.getTotalCompilationTime() - compiledBefore) / 1e3;
            cpuLessJit[run] = cpu[run] - compiled[run];
        }
        return new double[] {ProcessMeasures.median(wall), ProcessMeasures.median(cpu), ProcessMeasures.median(compiled),
                ProcessMeasures.median(cpuLessJit)};
    }

    private static void streaming(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int items = params.integer("items");
        // The whole stream once as the warm-up: after a tenth of it the JIT has not settled yet
        // (1,000,000 items: ~530 ns an item on the first run in a JVM, ~300 from the second on).
        runner.stream("bench_tasks:numbers", items);
        long count = timed(() -> runner.stream("bench_tasks:numbers", items), metrics);
        if (count != items) {
            throw new IllegalStateException("streamed " + count + " items, expected " + items);
        }
        metrics.put("itemsPerSecond", items / metrics.get("seconds"));
    }

    /**
     * Java heap (after GC) plus Python allocations (tracemalloc) added by holding the coroutines
     * suspended, per coroutine; RSS growth per coroutine beside it. Jep by hand holds a coroutine
     * only with a thread of its own, so it is measured with {@code threads} coroutines.
     */
    private static void suspendedMemory(CoroutineRunner runner, Contender contender, Params params,
                                        Map<String, Double> metrics) throws Exception {
        int n = contender == Contender.JEP_BY_HAND ? params.integer("threads") : params.integer("coroutines");
        runner.pythonTracedBytes();
        long heap = ProcessMeasures.heapAfterGc();
        long python = runner.pythonTracedBytes();
        long rss = ProcessMeasures.rssBytes();
        runner.suspend(n);
        long pythonDelta = runner.pythonTracedBytes() - python;
        long heapDelta = ProcessMeasures.heapAfterGc() - heap;
        long rssDelta = ProcessMeasures.rssBytes() - rss;
        runner.release();
        metrics.put("coroutines", (double) n);
        metrics.put("bytesPerCoroutine", (double) (heapDelta + pythonDelta) / n);
        metrics.put("javaHeapBytes", (double) heapDelta);
        metrics.put("pythonBytes", (double) pythonDelta);
        metrics.put("rssBytesPerCoroutine", (double) rssDelta / n);
    }

    private static void latency(CoroutineRunner runner, Params params, Map<String, Double> metrics) throws Exception {
        int calls = params.integer("calls");
        for (int i = 0; i < params.integer("warmup"); i++) {
            runner.call("bench_tasks:increment", i);
        }
        long[] samples = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            runner.call("bench_tasks:increment", i);
            samples[i] = System.nanoTime() - start;
        }
        long[] sorted = ProcessMeasures.sorted(samples);
        metrics.put("medianMicros", ProcessMeasures.percentileMicros(sorted, 0.5));
        metrics.put("p99Micros", ProcessMeasures.percentileMicros(sorted, 0.99));
        metrics.put("threadHandoffMicros", ThreadHandoff.medianRoundTripMicros(calls));
    }
}
