package dev.awaitable.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.awaitable.benchmarks.suite.ProcessMeasures;
import dev.awaitable.benchmarks.suite.ThreadHandoff;
import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;
import jep.SharedInterpreter;
import reactor.core.publisher.Flux;

/**
 * The floors under the suite's W3 and W6 targets: the same shapes with no library code (W3 also with
 * asyncio's tasks alone), only Jep and Java threads, so what is left is the cost of crossing between
 * them.
 *
 * <ul>
 *   <li>W3's shape (2,000 sleeps of 50 ms, 200 worker threads, one new job per completion) with a
 *       bare dispatcher ({@code crossing_floor.py}) driven three ways: inside one Python call; by a
 *       Java thread that calls into Python once per cycle (the driver waits for completions inside
 *       Python); and as reactor-awaitable's loop thread does it: once per cycle, parking in Java
 *       between cycles, woken by a worker's call to a Java {@code wake()}; then, driven that way, the
 *       same jobs as asyncio tasks on the library's {@code DrivenLoop} (no driver, no Reactor), their
 *       successors started inside Python or by a second call from Java per cycle. Each row prints its
 *       process CPU a run: the floor under W3's CPU target for a design that crosses as the library
 *       does. Then the library itself,
 *       as the suite's W3 runs it ({@code flatMap} of one mono per job) and with the fan-out kept
 *       inside Python ({@code AwaitableFlux.operator} over a {@code reactor_awaitable.Executor}),
 *       with each run's process CPU and the part of it on the loop threads and the blocking workers.
 *   <li>W6's shape: the round trip of {@code x + 1} from a caller thread to a Java thread that owns
 *       an interpreter (spinning 20 µs before it parks, as the library's loop thread does) and back,
 *       beside the library's own round trip of an {@code async def} in the same process, and beside
 *       a Java park/unpark round trip.
 * </ul>
 *
 * <p>Run with {@code mvn -q -B -Pbench -DskipTests verify -Dbench.main=dev.awaitable.benchmarks.CrossingFloorHarness}.
 */
public final class CrossingFloorHarness {

    private static final int JOBS = 2_000;
    private static final int IN_FLIGHT = 200;
    private static final double SLEEP = 0.05;
    private static final long SPIN_NANOS = 20_000;
    private static final int LATENCY_CALLS = 2_000;

    private CrossingFloorHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path python = Path.of(System.getProperty("bench.python", "src/main/python")).toAbsolutePath();
        // The runtime locates CPython and configures Jep; the threads below open interpreters of their own.
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            AwaitableFlux.mono(runtime, "bench_tasks:increment", 0).block();
            System.out.printf("W3's shape (%,d sleeps of %.0f ms, %d threads): wall / ideal %.2f s, median of %d%n",
                    JOBS, SLEEP * 1e3, IN_FLIGHT, JOBS * SLEEP / IN_FLIGHT, rounds);
            blockingFloor("bare dispatcher inside one Python call", rounds, CrossingFloorHarness::insidePython);
            blockingFloor("... a Java thread calls it once per cycle", rounds, CrossingFloorHarness::crossingEachCycle);
            blockingFloor("... and parks between cycles, woken via Jep", rounds, CrossingFloorHarness::parkingInJava);
            blockingFloor("... and each job an asyncio task", "TaskDispatcher", rounds, CrossingFloorHarness::parkingInJava);
            blockingFloor("... and the next jobs started from Java", "TaskDispatcher", rounds,
                    CrossingFloorHarness::startingFromJava);
            blockingLibrary("reactor-awaitable, flatMap of monos (as W3)", rounds, () -> Flux.range(0, JOBS)
                    .flatMap(i -> AwaitableFlux.mono(runtime, "library_tasks:blocking_sleep", i, SLEEP), IN_FLIGHT)
                    .then().block());
            blockingLibrary("reactor-awaitable, fan-out inside Python", rounds, () -> Flux.range(0, JOBS)
                    .transform(AwaitableFlux.operator(runtime, "library_tasks:blocking_fan_out", IN_FLIGHT, SLEEP))
                    .then().block());
            latencyFloor(runtime, rounds);
        }
    }

    // -- W3's shape --------------------------------------------------------------------------

    private interface Run {
        /** One timed run of W3's shape on a thread that owns {@code python}; returns cycles per run. */
        long run(SharedInterpreter python, Waker waker);
    }

    private static void blockingFloor(String name, int rounds, Run run) throws Exception {
        blockingFloor(name, "Dispatcher", rounds, run);
    }

    /** @param dispatcher the class in {@code crossing_floor.py} that hands out the jobs */
    private static void blockingFloor(String name, String dispatcher, int rounds, Run run) throws Exception {
        List<Double> ratios = new ArrayList<>();
        List<Double> process = new ArrayList<>();
        List<Double> driver = new ArrayList<>();
        long[] cycles = new long[1];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        onPythonThread(python -> {
            Waker waker = new Waker(Thread.currentThread());
            python.set("waker", waker);
            python.exec("import crossing_floor\ndispatcher = crossing_floor." + dispatcher + "(" + IN_FLIGHT + ", waker)\n"
                    + "run_all, begin, cycle = dispatcher.run_all, dispatcher.begin, dispatcher.cycle\n"
                    + "start_pending = getattr(dispatcher, 'start_pending', None)  # TaskDispatcher only");
            for (int r = -1; r < rounds; r++) { // the first run warms up
                ProcessMeasures.CpuStart cpu = ProcessMeasures.startCpu(true);
                long driverCpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                cycles[0] = run.run(python, waker);
                double ratio = (System.nanoTime() - start) / 1e9 / (JOBS * SLEEP / IN_FLIGHT);
                if (r >= 0) {
                    ratios.add(ratio);
                    process.add(ProcessMeasures.cpuSecondsSince(cpu));
                    driver.add((threads.getCurrentThreadCpuTime() - driverCpu) / 1e9);
                }
            }
            python.exec("dispatcher.stop()");
        });
        printRatios(name, ratios, String.format("; CPU a run %.2f s, of it the driving thread %.2f; %,d cycles a run",
                median(process), median(driver), cycles[0]));
    }

    private static void blockingLibrary(String name, int rounds, Runnable run) {
        List<Double> ratios = new ArrayList<>();
        List<Double> process = new ArrayList<>();
        List<Double> loops = new ArrayList<>();
        List<Double> workers = new ArrayList<>();
        // Six runs warm up: the first starts the worker threads, and the JIT compiler threads keep
        // working for several runs (their CPU would count in the process's figure).
        for (int r = -6; r < rounds; r++) {
            ProcessMeasures.CpuStart cpu = ProcessMeasures.startCpu(true);
            double[] threads = libraryThreadCpuSeconds();
            long start = System.nanoTime();
            run.run();
            double ratio = (System.nanoTime() - start) / 1e9 / (JOBS * SLEEP / IN_FLIGHT);
            double processCpu = ProcessMeasures.cpuSecondsSince(cpu);
            double[] threadsAfter = libraryThreadCpuSeconds();
            if (r >= 0) {
                ratios.add(ratio);
                process.add(processCpu);
                loops.add(threadsAfter[0] - threads[0]);
                workers.add(threadsAfter[1] - threads[1]);
            }
        }
        printRatios(name, ratios, String.format("; CPU a run %.2f s, of it loop threads %.2f, blocking workers %.2f",
                median(process), median(loops), median(workers)));
    }

    /** CPU seconds so far of the library's loop threads and of its blocking workers (Python runs on both). */
    private static double[] libraryThreadCpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] sums = new double[2];
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String thread = info.getThreadName();
            int kind = thread.contains("-loop-") ? 0 : thread.contains("-blocking-") ? 1 : -1;
            long nanos = kind < 0 ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                sums[kind] += nanos / 1e9;
            }
        }
        return sums;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void printRatios(String name, List<Double> ratios, String suffix) {
        Collections.sort(ratios);
        System.out.printf("  %-46s %.3fx (%.3f-%.3f)%s%n", name, ratios.get(ratios.size() / 2), ratios.get(0),
                ratios.get(ratios.size() - 1), suffix);
    }

    private static long insidePython(SharedInterpreter python, Waker waker) {
        python.exec("dispatcher._waker = None");
        python.invoke("run_all", JOBS, IN_FLIGHT, SLEEP);
        return ((Number) python.getValue("dispatcher.cycles")).longValue();
    }

    private static long crossingEachCycle(SharedInterpreter python, Waker waker) {
        python.exec("dispatcher._waker = None");
        python.invoke("begin", JOBS, IN_FLIGHT, SLEEP);
        while (((Number) python.invoke("cycle", true)).intValue() > 0) {
            // each cycle returns to Java: Jep releases the GIL and takes it again on the next call
        }
        return ((Number) python.getValue("dispatcher.cycles")).longValue();
    }

    private static long parkingInJava(SharedInterpreter python, Waker waker) {
        return parkingBetweenCycles(python, waker, false);
    }

    /** {@link #parkingInJava} with a second call into Python per cycle that starts the next jobs. */
    private static long startingFromJava(SharedInterpreter python, Waker waker) {
        return parkingBetweenCycles(python, waker, true);
    }

    private static long parkingBetweenCycles(SharedInterpreter python, Waker waker, boolean startFromJava) {
        python.exec("dispatcher._waker = waker");
        if (startFromJava) {
            python.exec("dispatcher.start_from_java = True");
        }
        python.invoke("begin", JOBS, IN_FLIGHT, SLEEP);
        while (true) {
            waker.woken.set(false);
            if (((Number) python.invoke("cycle", false)).intValue() == 0) {
                break;
            }
            if (startFromJava) {
                python.invoke("start_pending");
            }
            waker.await();
        }
        return ((Number) python.getValue("dispatcher.cycles")).longValue();
    }

    /** Wakes a parked driver thread; what the library's loop thread does on {@code wake()}. */
    public static final class Waker {

        private final Thread owner;
        private final AtomicBoolean woken = new AtomicBoolean();

        Waker(Thread owner) {
            this.owner = owner;
        }

        /** Called from Python worker threads. */
        public void wake() {
            if (!woken.getAndSet(true)) {
                LockSupport.unpark(owner);
            }
        }

        /** Spins {@link #SPIN_NANOS}, then parks until woken. */
        void await() {
            long spinEnd = System.nanoTime() + SPIN_NANOS;
            while (!woken.get()) {
                if (System.nanoTime() - spinEnd > 0) {
                    LockSupport.park(this);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    // -- W6's shape --------------------------------------------------------------------------

    private record Request(int x, CompletableFuture<Object> result) {
    }

    private static void latencyFloor(PythonRuntime runtime, int rounds) throws Exception {
        ConcurrentLinkedQueue<Request> inbox = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Waker> loop = new CompletableFuture<>();
        Thread loopThread = new Thread(() -> {
            try (SharedInterpreter python = new SharedInterpreter()) {
                python.exec("from crossing_floor import increment");
                Waker waker = new Waker(Thread.currentThread());
                loop.complete(waker);
                while (!stop.get()) {
                    waker.woken.set(false);
                    for (Request request; (request = inbox.poll()) != null; ) {
                        request.result().complete(python.invoke("increment", request.x()));
                    }
                    if (inbox.isEmpty() && !stop.get()) {
                        waker.await();
                    }
                }
            }
        }, "floor-loop");
        loopThread.start();
        Waker waker = loop.get();
        List<Double> floor = new ArrayList<>();
        List<Double> library = new ArrayList<>();
        for (int r = -1; r < rounds; r++) { // the first round warms up
            double floorMicros = medianMicros(i -> {
                Request request = new Request(i, new CompletableFuture<>());
                inbox.offer(request);
                waker.wake();
                request.result().join();
            });
            double libraryMicros = medianMicros(i -> AwaitableFlux.mono(runtime, "bench_tasks:increment", i).block());
            if (r >= 0) {
                floor.add(floorMicros);
                library.add(libraryMicros);
            }
        }
        stop.set(true);
        waker.wake();
        loopThread.join();
        Collections.sort(floor);
        Collections.sort(library);
        System.out.printf("W6's shape: round trip of x + 1 on a loop thread, median µs of %,d calls, median of %d rounds%n",
                LATENCY_CALLS, rounds);
        System.out.printf("  %-46s %6.1f%n", "Java park/unpark round trip, nothing else", ThreadHandoff.medianRoundTripMicros(LATENCY_CALLS * 5));
        System.out.printf("  %-46s %6.1f (%.1f-%.1f)%n", "plain function through a Jep loop thread", floor.get(rounds / 2),
                floor.get(0), floor.get(rounds - 1));
        System.out.printf("  %-46s %6.1f (%.1f-%.1f)%n", "reactor-awaitable mono of an async def", library.get(rounds / 2),
                library.get(0), library.get(rounds - 1));
    }

    private static double medianMicros(Consumer<Integer> call) {
        long[] samples = new long[LATENCY_CALLS];
        for (int i = 0; i < LATENCY_CALLS; i++) {
            long start = System.nanoTime();
            call.accept(i);
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        return samples[LATENCY_CALLS / 2] / 1e3;
    }

    /** Runs {@code body} on a new thread with its own interpreter (Jep binds one to its thread). */
    private static void onPythonThread(Consumer<SharedInterpreter> body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (SharedInterpreter python = new SharedInterpreter()) {
                body.accept(python);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "floor-driver");
        thread.start();
        done.get();
    }
}
