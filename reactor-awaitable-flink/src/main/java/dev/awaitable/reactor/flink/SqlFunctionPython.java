package dev.awaitable.reactor.flink;

import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * What a Python-backed SQL function holds, for {@link PythonAsyncScalarFunction} and
 * {@link PythonAsyncTableFunction} alike (they extend different Flink classes): its target and
 * declared type, and per subtask its share of the Python ({@link SubtaskPython}) and its result
 * conversion ({@link SqlResults}).
 */
final class SqlFunctionPython implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String target;
    private final String sqlType;

    private transient SubtaskPython python;
    private transient SqlResults results;

    SqlFunctionPython(String target, String sqlType) {
        this.target = Objects.requireNonNull(target, "target");
        this.sqlType = Objects.requireNonNull(sqlType, "sqlType");
    }

    /** @return any arguments; results of the declared type, in Flink's internal form */
    TypeInference typeInference(DataTypeFactory typeFactory) {
        return SqlResults.typeInference(typeFactory, sqlType);
    }

    /** Takes a share of the TaskManager's runtime for the subtask. */
    void open(FunctionContext context) {
        results = new SqlResults(sqlType, target, context.getUserCodeClassLoader());
        python = SubtaskPython.open(context);
    }

    /**
     * Calls {@code pythonTarget(pythonArgs...)} and completes {@code future} with {@code complete} of its
     * result ({@code none} for a {@code None} result), or with the failure (a Python exception, or a
     * result that does not fit the declared type).
     */
    <T> void call(CompletableFuture<T> future, String pythonTarget, Object[] pythonArgs, Function<Object, T> complete, T none) {
        python.start(future, python.call(pythonTarget, pythonArgs), value -> {
            try {
                future.complete(complete.apply(value));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        }, future::completeExceptionally, () -> future.complete(none));
    }

    /** @return the user's target */
    String target() {
        return target;
    }

    /** @return a result as the declared type's internal form; see {@link SqlResults#toSql} */
    Object toSql(Object value) {
        return results.toSql(value);
    }

    /** Cancels the calls still in flight and gives the runtime share back. */
    void close() {
        if (python != null) {
            python.close();
            python = null;
        }
    }

    @Override
    public String toString() {
        return target + " -> " + sqlType;
    }
}
