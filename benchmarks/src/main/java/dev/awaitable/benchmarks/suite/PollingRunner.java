package dev.awaitable.benchmarks.suite;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import jep.SharedInterpreter;
import jep.python.PyObject;

/**
 * Contender 4, the polling design: a Java driver owns each coroutine and calls
 * {@code coroutine.send(None)}; every time the coroutine yields, the next send is queued again
 * through a Java executor. Blocking work goes to a Python thread pool and the awaitable yields while
 * {@code not future.done()}, so a waiting coroutine is re-sent until its future completes.
 * <p>
 * Jep ties a Python object to the thread that created it, so the driver is one thread (with its
 * SharedInterpreter) and every send happens there.
 */
final class PollingRunner implements CoroutineRunner {

    /** Threads of the Python pool blocking work goes to (W3's 200 in flight). */
    static final int BLOCKING_THREADS = 200;

    private final ExecutorService driver;
    private SharedInterpreter interpreter;
    private CompletableFuture<Void> suspended;

    PollingRunner() throws Exception {
        JepSetup.configure();
        driver = Executors.newSingleThreadExecutor();
        onDriver(() -> {
            interpreter = JepSetup.open();
            return interpreter.invoke("contender_support.set_blocking_pool", BLOCKING_THREADS);
        });
    }

    private <T> T onDriver(Callable<T> task) throws Exception {
        return driver.submit(task).get();
    }

    /** Starts coroutines on the driver, at most {@code bound} in flight, and steps each until it ends. */
    private final class Batch {
        private final String target;
        private final IntFunction<Object[]> args;
        private final int n;
        private final int bound;
        private final CompletableFuture<Object> done = new CompletableFuture<>();
        private int started;
        private int finished;
        private Object lastResult;

        Batch(String target, IntFunction<Object[]> args, int n, int bound) {
            this.target = target;
            this.args = args;
            this.n = n;
            this.bound = bound;
        }

        CompletableFuture<Object> start() {
            driver.execute(this::startMore);
            return done;
        }

        private void startMore() {
            try {
                while (started - finished < bound && started < n) {
                    PyObject coroutine = (PyObject) interpreter.invoke("contender_support.start",
                            JepSetup.targetAndArgs(target, args.apply(started++)));
                    driver.execute(() -> step(coroutine));
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        private void step(PyObject coroutine) {
            try {
                Object result = interpreter.invoke("contender_support.step", coroutine);
                if (result == null) {
                    driver.execute(() -> step(coroutine));
                    return;
                }
                coroutine.close();
                lastResult = ((List<?>) result).get(0);
                if (++finished == n) {
                    done.complete(lastResult);
                } else {
                    startMore();
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    @Override
    public void runAll(String target, IntFunction<Object[]> args, int n, int bound) throws Exception {
        new Batch(target, args, n, bound).start().get();
    }

    @Override
    public Object call(String target, Object... args) throws Exception {
        return new Batch(target, i -> args, 1, 1).start().get();
    }

    /** Each item is one driver task: fetch the next item, then queue the next fetch. */
    @Override
    public long stream(String target, int items) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        driver.execute(() -> {
            PyObject generator = (PyObject) interpreter.invoke("contender_support.start", target, items);
            fetch(generator, 0, done);
        });
        return done.get();
    }

    private void fetch(PyObject generator, long count, CompletableFuture<Long> done) {
        if (interpreter.invoke("contender_support.next_item", generator) == null) {
            generator.close();
            done.complete(count);
        } else {
            driver.execute(() -> fetch(generator, count + 1, done));
        }
    }

    @Override
    public String blockingSleepTarget() {
        return "contender_support:polled_sleep";
    }

    @Override
    public void suspend(int n) throws Exception {
        suspended = new Batch("contender_support:suspended_polled", i -> new Object[0], n, n).start().thenApply(r -> null);
        while (((Number) onDriver(() -> interpreter.invoke("contender_support.started_count"))).intValue() < n) {
            Thread.sleep(10);
        }
    }

    @Override
    public void release() throws Exception {
        onDriver(() -> interpreter.invoke("contender_support.release"));
        suspended.get();
    }

    @Override
    public long pythonTracedBytes() throws Exception {
        return onDriver(() -> {
            interpreter.invoke("bench_tasks.start_tracing");
            return ((Number) interpreter.invoke("bench_tasks.python_traced_bytes")).longValue();
        });
    }

    @Override
    public void close() throws Exception {
        onDriver(() -> {
            interpreter.close();
            return null;
        });
        driver.shutdown();
    }
}
