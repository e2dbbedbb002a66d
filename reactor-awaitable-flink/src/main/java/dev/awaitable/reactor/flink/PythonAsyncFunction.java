package dev.awaitable.reactor.flink;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonException;

/**
 * A Python coroutine as Flink's asynchronous function: use it with
 * {@code AsyncDataStream.orderedWait/unorderedWait(stream, fn, timeout, unit, capacity)}, whose
 * {@code capacity} bounds the coroutines in flight per subtask.
 *
 * <pre>{@code
 * DataStream<Object> enriched = AsyncDataStream.unorderedWait(events,
 *         PythonAsyncFunction.of("shop.enrich:enrich"), 5, TimeUnit.SECONDS, 100);
 * DataStream<String> labels = AsyncDataStream.orderedWait(events,
 *         PythonAsyncFunction.of("shop.enrich:label", String.class, result -> (String) result), 5, TimeUnit.SECONDS, 100);
 * }</pre>
 *
 * <p>Each record calls {@code target(record)} through {@link AwaitableFlux#mono} on the TaskManager's
 * shared runtime ({@link TaskManagerPython}: one embedded CPython per TaskManager JVM, opened by the
 * first subtask's {@code open()} and closed by the last one's {@code close()}, configured from the
 * job's global parameters, see {@link PythonJobOptions}). With several loops, the subtasks spread over
 * them: a subtask's calls keep to its own share of the loops (one loop with a
 * {@link #withSubtaskLifecycle lifecycle}), so with isolated loops parallelism brings more GILs, as a
 * PyFlink subtask brings another Python process. The record crosses into Python as a Java
 * value does ({@code String}, numbers, maps, lists; any other object as itself); the result crosses
 * back as {@link AwaitableFlux#mono} says, then goes through the result conversion. A {@code None}
 * result emits nothing for that record. A Python exception fails the record
 * ({@code completeExceptionally}), so Flink's restart strategy applies. When the operator's timeout
 * fires, the Python task is cancelled ({@code CancelledError} at its {@code await}, its cleanup runs)
 * and the record fails with a {@link TimeoutException}, or emits {@link #withTimeoutResult}'s value, or
 * what the Python function of {@link #withPythonTimeout} gives for it. {@link #withManyOutputs} lets a
 * record give zero or several outputs (a list result, an async generator).
 *
 * @param <IN> the records
 * @param <OUT> what the conversion makes of a result
 */
public final class PythonAsyncFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> implements ResultTypeQueryable<OUT> {

    private static final long serialVersionUID = 1L;

    /** Turns a Python result (as a Java value) into an output record; serializable, as Flink ships it. */
    @FunctionalInterface
    public interface ResultConversion<OUT> extends Serializable {
        OUT convert(Object pythonResult) throws Exception;
    }

    /** The output for a record whose call timed out; serializable, as Flink ships it. */
    @FunctionalInterface
    public interface TimeoutResult<IN, OUT> extends Serializable {
        OUT forTimedOut(IN record) throws Exception;
    }

    /**
     * The library's Python wrapper of a record's call when it takes many outputs or asks a Python
     * retry predicate: {@code call(target, many_outputs, retry_predicate, record)}.
     */
    private static final String FLINK_CALL = "reactor_awaitable._flink:call";
    /** The Python exception the wrapper raises when the retry predicate says to retry. */
    private static final String RETRY_REQUESTED_TYPE = "reactor_awaitable.RetryRequested";
    private static final String FLINK_OPEN = "reactor_awaitable._flink:open_subtask";
    private static final String FLINK_CLOSE = "reactor_awaitable._flink:close_subtask";

    /**
     * For Flink's retry strategies: {@code ifException(PythonAsyncFunction.RETRY_REQUESTED)} retries the
     * records whose outcome the {@link #withPythonRetryPredicate Python predicate} answered yes for.
     * Serializable, as Flink ships the strategy with the job.
     */
    public static final Predicate<Throwable> RETRY_REQUESTED =
            (Predicate<Throwable> & Serializable) PythonAsyncFunction::retryRequested;

    private final String target;
    private final TypeInformation<OUT> producedType;
    private final ResultConversion<OUT> conversion;
    private final TimeoutResult<IN, OUT> timeoutResult;
    /** The Python function of a timed-out record's output(s), or null. */
    private final String pythonTimeout;
    private final boolean manyOutputs;
    /** The Python function asked {@code (result, exception)} whether to retry, or null. */
    private final String retryPredicate;
    /** The Python functions called once per subtask at open and close ({@code [open, close]}), or null. */
    private final String[] lifecycle;

    private transient SubtaskPython python;
    /** This subtask's key to its Python state, with a lifecycle; else null. */
    private transient String subtaskKey;

    private PythonAsyncFunction(String target, TypeInformation<OUT> producedType, ResultConversion<OUT> conversion,
                                TimeoutResult<IN, OUT> timeoutResult, String pythonTimeout, boolean manyOutputs,
                                String retryPredicate, String[] lifecycle) {
        this.target = Objects.requireNonNull(target, "target");
        this.producedType = Objects.requireNonNull(producedType, "producedType");
        this.conversion = Objects.requireNonNull(conversion, "conversion");
        this.timeoutResult = timeoutResult;
        this.pythonTimeout = pythonTimeout;
        this.manyOutputs = manyOutputs;
        this.retryPredicate = retryPredicate;
        this.lifecycle = lifecycle;
    }

    /**
     * A function whose outputs are the results as Java values, of Flink type {@code Object} (serialized
     * generically); give a type and a conversion with {@link #of(String, Class, ResultConversion)} for
     * typed records.
     *
     * @param target {@code "pkg.module:function"}, a coroutine function (or plain function) of one
     *     argument; a malformed or missing target fails the first record with an error saying so
     */
    public static <IN> PythonAsyncFunction<IN, Object> of(String target) {
        return new PythonAsyncFunction<>(target, TypeInformation.of(Object.class), result -> result, null, null, false, null, null);
    }

    /**
     * @param target {@code "pkg.module:function"}
     * @param type the output records' class (Flink derives their serializer from it)
     * @param conversion makes an output record of each result
     */
    public static <IN, OUT> PythonAsyncFunction<IN, OUT> of(String target, Class<OUT> type, ResultConversion<OUT> conversion) {
        return of(target, TypeInformation.of(type), conversion);
    }

    /**
     * @param target {@code "pkg.module:function"}
     * @param type the output records' Flink type, e.g. {@code Types.MAP(Types.STRING, Types.STRING)}
     * @param conversion makes an output record of each result
     */
    public static <IN, OUT> PythonAsyncFunction<IN, OUT> of(String target, TypeInformation<OUT> type,
                                                           ResultConversion<OUT> conversion) {
        return new PythonAsyncFunction<>(target, type, conversion, null, null, false, null, null);
    }

    /** @return the output records' type, which the async operator takes from here */
    @Override
    public TypeInformation<OUT> getProducedType() {
        return producedType;
    }

    /**
     * @param fallback the output for a record whose call ran past the operator's timeout (its coroutine
     *     is cancelled all the same), instead of failing the record
     * @return a copy with the fallback
     */
    public PythonAsyncFunction<IN, OUT> withTimeoutResult(TimeoutResult<IN, OUT> fallback) {
        return new PythonAsyncFunction<>(target, producedType, conversion, Objects.requireNonNull(fallback, "fallback"),
                null, manyOutputs, retryPredicate, lifecycle);
    }

    /**
     * @param fallbackTarget {@code "pkg.module:function"} of one argument, the record: for a record whose
     *     call ran past the operator's timeout, its coroutine is cancelled first (as always), then this
     *     Python function gives the record's output(s), through the same conversion (and the same
     *     one-or-many rule) as a result; instead of {@link #withTimeoutResult} or failing the record
     * @return a copy with the Python fallback
     */
    public PythonAsyncFunction<IN, OUT> withPythonTimeout(String fallbackTarget) {
        return new PythonAsyncFunction<>(target, producedType, conversion, null,
                Objects.requireNonNull(fallbackTarget, "fallbackTarget"), manyOutputs, retryPredicate, lifecycle);
    }

    /**
     * Each record may give zero or several outputs: a list or tuple result emits each element as a
     * record of its own (each through the conversion), {@code None} or an empty list emits none, any
     * other result emits itself; an async generator target emits every item it yields.
     *
     * @return a copy that takes many outputs per record
     */
    public PythonAsyncFunction<IN, OUT> withManyOutputs() {
        return new PythonAsyncFunction<>(target, producedType, conversion, timeoutResult, pythonTimeout, true, retryPredicate,
                lifecycle);
    }

    /**
     * Retry predicates in Python, for Flink's retry strategies: after each attempt, on the loop,
     * {@code predicate(result, None)} or {@code predicate(None, exception)} is called (a function or a
     * coroutine function); a true answer fails the attempt with {@code reactor_awaitable.RetryRequested},
     * which {@link #RETRY_REQUESTED} makes the strategy retry:
     *
     * <pre>{@code
     * AsyncDataStream.unorderedWaitWithRetry(events,
     *         PythonAsyncFunction.of("shop.enrich:enrich").withPythonRetryPredicate("shop.enrich:should_retry"),
     *         5, TimeUnit.SECONDS, 100,
     *         new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<>(3, 100, 2_000, 2.0)
     *                 .ifException(PythonAsyncFunction.RETRY_REQUESTED).build());
     * }</pre>
     *
     * @param predicate {@code "pkg.module:function"} of {@code (result, exception)}
     * @return a copy that asks it
     */
    public PythonAsyncFunction<IN, OUT> withPythonRetryPredicate(String predicate) {
        return new PythonAsyncFunction<>(target, producedType, conversion, timeoutResult, pythonTimeout, manyOutputs,
                Objects.requireNonNull(predicate, "predicate"), lifecycle);
    }

    /**
     * Python per subtask, as PyFlink's {@code open(runtime_context)}/{@code close()}: {@code open(context)}
     * is called once when the subtask opens (before its first record) with a dict of
     * {@code task_name}, {@code subtask_index}, {@code parallelism}, {@code attempt_number},
     * {@code job_parameters} (a dict) and {@code metrics} (a {@link PythonMetricGroup}: {@code inc(name,
     * n)}, {@code gauge(name, value)} on the subtask's metric group); what it returns is the subtask's
     * state, kept by the library and handed to each call as its second argument
     * ({@code target(record, state)}); {@code close(state)} is called once when the subtask closes.
     * Either may be a coroutine function.
     *
     * @param openTarget {@code "pkg.module:function"} of the context
     * @param closeTarget {@code "pkg.module:function"} of the state, or null for none
     * @return a copy with the lifecycle
     */
    public PythonAsyncFunction<IN, OUT> withSubtaskLifecycle(String openTarget, String closeTarget) {
        return new PythonAsyncFunction<>(target, producedType, conversion, timeoutResult, pythonTimeout, manyOutputs,
                retryPredicate, new String[] {Objects.requireNonNull(openTarget, "openTarget"), closeTarget});
    }

    /**
     * @return whether {@code error} is the failure of an attempt the Python retry predicate asked to
     *     retry (see {@link #RETRY_REQUESTED})
     */
    public static boolean retryRequested(Throwable error) {
        return error instanceof PythonException python && RETRY_REQUESTED_TYPE.equals(python.getPythonType());
    }

    /** Takes a share of the TaskManager's runtime. */
    @Override
    public void open(OpenContext openContext) throws Exception {
        var task = getRuntimeContext().getTaskInfo();
        python = SubtaskPython.open(getRuntimeContext().getGlobalJobParameters(), task.getIndexOfThisSubtask(),
                task.getNumberOfParallelSubtasks(), lifecycle != null);
        if (lifecycle != null) {
            // Open runs on the task's thread before any record, which may wait for Python here.
            subtaskKey = java.util.UUID.randomUUID().toString();
            Map<String, Object> context = new java.util.HashMap<>();
            context.put("task_name", task.getTaskName());
            context.put("subtask_index", task.getIndexOfThisSubtask());
            context.put("parallelism", task.getNumberOfParallelSubtasks());
            context.put("attempt_number", task.getAttemptNumber());
            context.put("job_parameters", Map.copyOf(getRuntimeContext().getGlobalJobParameters()));
            context.put("metrics", new PythonMetricGroup(getRuntimeContext().getMetricGroup()));
            python.call(FLINK_OPEN, subtaskKey, lifecycle[0], context).block();
        }
    }

    @Override
    public void asyncInvoke(IN record, ResultFuture<OUT> resultFuture) {
        python.start(resultFuture, outputsOf(target, record, retryPredicate), result -> complete(resultFuture, result),
                resultFuture::completeExceptionally, () -> resultFuture.complete(Collections.emptyList()));
    }

    /**
     * The call of {@code pythonTarget(record)}: its result, or with many outputs the list of them; with a
     * {@code predicate}, asked about retrying.
     */
    private reactor.core.publisher.Mono<Object> outputsOf(String pythonTarget, IN record, String predicate) {
        return manyOutputs || predicate != null || subtaskKey != null
                ? python.call(FLINK_CALL, pythonTarget, manyOutputs, predicate, record, subtaskKey)
                : python.call(pythonTarget, record);
    }

    private void complete(ResultFuture<OUT> resultFuture, Object result) {
        List<OUT> outputs;
        try {
            if (manyOutputs) {
                List<?> results = (List<?>) result;
                outputs = new java.util.ArrayList<>(results.size());
                for (Object each : results) {
                    outputs.add(conversion.convert(each));
                }
            } else {
                outputs = Collections.singletonList(conversion.convert(result));
            }
        } catch (Exception e) {
            resultFuture.completeExceptionally(e);
            return;
        }
        resultFuture.complete(outputs);
    }

    /** Cancels the Python task, then completes the record with the fallback or a {@link TimeoutException}. */
    @Override
    public void timeout(IN record, ResultFuture<OUT> resultFuture) throws Exception {
        python.cancel(resultFuture);
        if (pythonTimeout != null) {
            // Completed from the loop thread when the fallback returns; the mailbox thread is not held.
            outputsOf(pythonTimeout, record, null).subscribe(result -> complete(resultFuture, result),
                    resultFuture::completeExceptionally, () -> resultFuture.complete(Collections.emptyList()));
        } else if (timeoutResult != null) {
            resultFuture.complete(List.of(timeoutResult.forTimedOut(record)));
        } else {
            resultFuture.completeExceptionally(new TimeoutException("The Python call '" + target
                    + "' did not complete within the async operator's timeout; its coroutine was cancelled"));
        }
    }

    /** Cancels the calls still in flight, closes the subtask's Python state, gives the runtime share back. */
    @Override
    public void close() throws Exception {
        if (python == null) {
            return;
        }
        python.cancelInFlight();
        try {
            if (subtaskKey != null) {
                python.call(FLINK_CLOSE, subtaskKey, lifecycle[1]).block();
            }
        } finally {
            subtaskKey = null;
            python.close();
            python = null;
        }
    }
}
