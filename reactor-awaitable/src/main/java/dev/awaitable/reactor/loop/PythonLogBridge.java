package dev.awaitable.reactor.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import reactor.util.context.ContextView;

/**
 * Where Python's {@code logging} records go: the handler {@code reactor_awaitable._logging} puts on
 * Python's root logger calls {@link #log} once per record, on the thread that logged. A record of the
 * Python logger {@code a.b} goes to the SLF4J logger {@code python.a.b} (Python's root logger to
 * {@code python}), its exception as a {@link dev.awaitable.reactor.PythonException} with the Python
 * frames, and the named keys of the call's Reactor {@code Context} in the MDC while it is logged.
 *
 * <p>One per JVM, as the CPython is. Internal to reactor-awaitable.
 */
public final class PythonLogBridge {

    /** The bridge every interpreter's handler calls. */
    public static final PythonLogBridge INSTANCE = new PythonLogBridge();

    /** The SLF4J logger of Python's root logger; the others are below it. */
    static final String ROOT = "python";

    private final Set<Object> contextKeys = ConcurrentHashMap.newKeySet();

    private PythonLogBridge() {
    }

    /** Adds keys of the Reactor {@code Context} that are put in the MDC while a call logs. */
    public void addContextKeys(List<String> keys) {
        contextKeys.addAll(keys);
    }

    /**
     * The lowest Python level the {@code python} SLF4J logger lets through at this moment (TRACE: 1,
     * DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, off: 60), for Python's root logger level, so records
     * SLF4J would drop are not even made.
     */
    public int lowestPythonLevel() {
        Logger python = LoggerFactory.getLogger(ROOT);
        if (python.isTraceEnabled()) {
            return 1;
        }
        if (python.isDebugEnabled()) {
            return 10;
        }
        if (python.isInfoEnabled()) {
            return 20;
        }
        if (python.isWarnEnabled()) {
            return 30;
        }
        return python.isErrorEnabled() ? 40 : 60;
    }

    /**
     * Logs one Python record. Called from Python.
     *
     * @param name the Python logger's name ({@code root} for the root logger)
     * @param pythonLevel the record's level number
     * @param message the record's message, arguments applied
     * @param exception {@code reactor_awaitable._errors.describe} of the record's exception, or null
     * @param context the call's Reactor {@code ContextView}, or null outside a call
     */
    public void log(String name, int pythonLevel, String message, Object exception, Object context) {
        Logger logger = LoggerFactory.getLogger("root".equals(name) ? ROOT : ROOT + "." + name);
        Level level = level(pythonLevel);
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        Throwable error = exception == null ? null : PythonErrors.toException(exception);
        List<Object> put = context instanceof ContextView view ? putContext(view) : List.of();
        try {
            logger.atLevel(level).setCause(error).log(message);
        } finally {
            for (Object key : put) {
                MDC.remove(key.toString());
            }
        }
    }

    private List<Object> putContext(ContextView view) {
        if (contextKeys.isEmpty()) {
            return List.of();
        }
        List<Object> put = new ArrayList<>(contextKeys.size());
        for (Object key : contextKeys) {
            if (view.hasKey(key) && MDC.get(key.toString()) == null) {
                MDC.put(key.toString(), String.valueOf((Object) view.get(key)));
                put.add(key);
            }
        }
        return put;
    }

    /** Python's level numbers, custom ones included, to SLF4J's levels. */
    static Level level(int pythonLevel) {
        if (pythonLevel < 10) {
            return Level.TRACE;
        }
        if (pythonLevel < 20) {
            return Level.DEBUG;
        }
        if (pythonLevel < 30) {
            return Level.INFO;
        }
        return pythonLevel < 40 ? Level.WARN : Level.ERROR;
    }
}
