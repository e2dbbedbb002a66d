package dev.awaitable.reactor.flink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AsyncTableFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * A Python coroutine as an asynchronous table function of Flink SQL: each row's call runs
 * {@code target(args...)} on the TaskManager's Python and gives zero or more rows, for a lateral join.
 *
 * <pre>{@code
 * tableEnv.createTemporarySystemFunction("orders_of",
 *         new PythonAsyncTableFunction("shop.orders:of_customer", "ROW<order_id BIGINT, total DECIMAL(10, 2)>"));
 * tableEnv.executeSql("SELECT c.id, o.order_id, o.total FROM customers c, LATERAL TABLE(orders_of(c.id)) AS o");
 * }</pre>
 *
 * The outputs follow {@link PythonAsyncFunction#withManyOutputs}'s rule: a list or tuple result gives
 * a row per element, an async generator a row per item, {@code None} none, another value one row;
 * each is converted to the declared type as {@link PythonAsyncScalarFunction}'s result is (a dict by
 * field name for a {@code ROW}). For {@code CREATE FUNCTION}, name the target and the type in a
 * subclass with no arguments. Flink's {@code table.exec.async-table.*} options bound the calls in
 * flight, retry and time them out; a row past the timeout fails the job, and Flink's closing the
 * function cancels every coroutine still in flight. Not a lookup join's function: that needs a table
 * source of its own.
 */
public class PythonAsyncTableFunction extends AsyncTableFunction<Object> {

    private static final long serialVersionUID = 1L;

    /** The library's wrapper that collects a target's outputs into a list. */
    private static final String FLINK_OUTPUTS = "reactor_awaitable._flink:outputs";

    private final SqlFunctionPython python;

    /**
     * @param target {@code "pkg.module:function"}: a coroutine function, async generator function or
     *     plain function of the SQL call's arguments
     * @param rowType the SQL type of each output, e.g. {@code "ROW<word STRING, place INT>"}
     */
    public PythonAsyncTableFunction(String target, String rowType) {
        this.python = new SqlFunctionPython(target, rowType);
    }

    /** Any arguments; rows of the declared type, in Flink's internal form. */
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
     * One row's call; Flink calls it with the future of the row's outputs.
     *
     * @param outputs completed with the outputs, converted to the declared type, or failed
     * @param args the SQL call's arguments
     */
    public void eval(CompletableFuture<Collection<Object>> outputs, Object... args) {
        Object[] call = new Object[args.length + 1];
        call[0] = python.target();
        System.arraycopy(SqlResults.toPython(args), 0, call, 1, args.length);
        python.call(outputs, FLINK_OUTPUTS, call, this::rows, List.of());
    }

    private Collection<Object> rows(Object values) {
        List<Object> rows = new ArrayList<>();
        for (Object value : (List<?>) values) {
            rows.add(python.toSql(value));
        }
        return rows;
    }

    /** Cancels the calls still in flight and gives the runtime share back. */
    @Override
    public void close() throws Exception {
        python.close();
    }

    @Override
    public String toString() {
        return "PythonAsyncTableFunction(" + python + ")";
    }
}
