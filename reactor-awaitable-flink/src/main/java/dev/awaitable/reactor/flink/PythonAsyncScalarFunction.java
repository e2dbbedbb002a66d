package dev.awaitable.reactor.flink;

import java.util.concurrent.CompletableFuture;

import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AsyncScalarFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * A Python coroutine as an asynchronous scalar function of Flink SQL and the Table API: each row's
 * call runs {@code target(args...)} on the TaskManager's Python, as {@link PythonAsyncFunction} does
 * for a DataStream, and its result becomes a value of the declared SQL type.
 *
 * <pre>{@code
 * tableEnv.createTemporarySystemFunction("enrich",
 *         new PythonAsyncScalarFunction("shop.enrich:enrich", "ROW<title STRING, status INT>"));
 * tableEnv.executeSql("SELECT id, enrich(url) FROM events");
 * }</pre>
 *
 * SQL's {@code CREATE FUNCTION enrich AS 'com.example.Enrich'} makes a function of a class with no
 * arguments: name the target and the type in a subclass,
 * {@code public class Enrich extends PythonAsyncScalarFunction { public Enrich() { super("shop.enrich:enrich", "STRING"); } }}.
 *
 * <p>Flink's options for asynchronous scalar functions apply as to any: at most
 * {@code table.exec.async-scalar.max-concurrent-operations} calls in flight per subtask, results in
 * the rows' order, retries by {@code table.exec.async-scalar.retry-strategy} (Flink calls the
 * function again: a new coroutine). A row still running at {@code table.exec.async-scalar.timeout} fails the job with
 * Flink's {@code TimeoutException} (asynchronous scalar functions have no timeout hook); Flink then
 * closes the function, which cancels every coroutine still in flight ({@code CancelledError} at its
 * {@code await}, its cleanup runs), so none runs on after its row has failed. The
 * runtime is configured by the job's parameters ({@link PythonJobOptions}); the arguments cross as
 * Java values (a {@code ROW} as a dict of its fields), the result as the SQL type says
 * ({@link SqlResults}). A Python exception fails the row.
 */
public class PythonAsyncScalarFunction extends AsyncScalarFunction {

    private static final long serialVersionUID = 1L;

    private final SqlFunctionPython python;

    /**
     * @param target {@code "pkg.module:function"}, a coroutine function (or plain function) of the
     *     SQL call's arguments
     * @param resultType the SQL type of its results, e.g. {@code "STRING"}, {@code "BIGINT"},
     *     {@code "ROW<title STRING, status INT>"}, {@code "ARRAY<STRING>"}, {@code "MAP<STRING, DOUBLE>"}
     */
    public PythonAsyncScalarFunction(String target, String resultType) {
        this.python = new SqlFunctionPython(target, resultType);
    }

    /**
     * Any arguments; the result of the declared type, handed to Flink in its internal form (see
     * {@link SqlResults#internalType}).
     */
    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return python.typeInference(typeFactory);
    }

    /** Takes a share of the TaskManager's runtime. */
    @Override
    public void open(FunctionContext context) throws Exception {
        python.open(context);
    }

    /**
     * One row's call; Flink calls it with the future of the row's result.
     *
     * @param result completed with the result as the declared type, or failed
     * @param args the SQL call's arguments
     */
    public void eval(CompletableFuture<Object> result, Object... args) {
        python.call(result, python.target(), SqlResults.toPython(args), python::toSql, null);
    }

    /** Cancels the calls still in flight and gives the runtime share back. */
    @Override
    public void close() throws Exception {
        python.close();
    }

    @Override
    public String toString() {
        return "PythonAsyncScalarFunction(" + python + ")";
    }
}
