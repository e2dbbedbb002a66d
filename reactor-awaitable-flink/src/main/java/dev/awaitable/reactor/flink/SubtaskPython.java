package dev.awaitable.reactor.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.flink.table.functions.FunctionContext;

import dev.awaitable.reactor.AwaitableFlux;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * One subtask's share of the TaskManager's Python, for the DataStream and the SQL functions alike:
 * the runtime lease, the loops its calls run on ({@link SubtaskLoops}) and its calls in flight, each
 * kept under its record's future so that a timeout can cancel it and {@link #close()} cancels the rest.
 */
final class SubtaskPython {

    private final TaskManagerPython.Lease lease;
    private final SubtaskLoops loops;
    private final Map<Object, Disposable> inFlight = new ConcurrentHashMap<>(); // keyed by identity: one per record

    private SubtaskPython(TaskManagerPython.Lease lease, SubtaskLoops loops) {
        this.lease = lease;
        this.loops = loops;
    }

    /**
     * Takes a share of the runtime the job's parameters describe.
     *
     * @param oneLoop whether the subtask keeps to one loop (it has per-subtask Python state)
     */
    static SubtaskPython open(Map<String, String> jobParameters, int subtask, int parallelism, boolean oneLoop) {
        TaskManagerPython.Lease lease = TaskManagerPython.acquire(PythonJobOptions.from(jobParameters));
        return new SubtaskPython(lease, SubtaskLoops.of(subtask, parallelism, lease.runtime().loopThreads(), oneLoop));
    }

    /**
     * Takes a share of the runtime for a SQL function's subtask: the job's parameters read one by one
     * ({@code FunctionContext} gives no map of them).
     */
    static SubtaskPython open(FunctionContext context) {
        Map<String, String> parameters = new HashMap<>();
        for (String key : PythonJobOptions.KEYS) {
            String value = context.getJobParameter(key, null);
            if (value != null) {
                parameters.put(key, value);
            }
        }
        var task = context.getTaskInfo();
        return open(parameters, task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks(), false);
    }

    /** @return the call of {@code target(args...)}, placed on this subtask's next loop */
    Mono<Object> call(String target, Object... args) {
        Mono<Object> call = AwaitableFlux.mono(lease.runtime(), target, args);
        // One loop (the default): no context operator per record, nothing to place.
        return lease.runtime().loopThreads() == 1 ? call : call.contextWrite(loops.next());
    }

    /**
     * Subscribes to {@code call}, kept under {@code record} until it ends.
     *
     * @param onResult its result
     * @param onError its failure
     * @param onEmpty when it ends with no result ({@code None})
     */
    void start(Object record, Mono<Object> call, Consumer<Object> onResult, Consumer<Throwable> onError, Runnable onEmpty) {
        // In the map before the call starts, so a timeout that comes first still finds it: a Swap
        // disposed before it holds the call disposes the call as soon as it gets it.
        Disposable.Swap slot = Disposables.swap();
        inFlight.put(record, slot);
        slot.update(call.doFinally(signal -> inFlight.remove(record, slot)).subscribe(onResult::accept, onError::accept, onEmpty));
    }

    /** Cancels the call kept under {@code record}, if it is still running: its coroutine gets {@code CancelledError}. */
    void cancel(Object record) {
        Disposable call = inFlight.remove(record);
        if (call != null) {
            call.dispose();
        }
    }

    /** Cancels the calls still in flight. */
    void cancelInFlight() {
        inFlight.values().forEach(Disposable::dispose);
        inFlight.clear();
    }

    /** Cancels the calls still in flight and gives the runtime share back. */
    void close() {
        cancelInFlight();
        lease.release();
    }
}
