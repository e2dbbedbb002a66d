package dev.awaitable.reactor.loop;

import java.util.List;

import dev.awaitable.reactor.PythonException;

/** Builds {@link PythonException}s from the description made by {@code reactor_awaitable._errors}. */
final class PythonErrors {

    private PythonErrors() {
    }

    /**
     * The error a subscriber receives for a failed call: the Java exception itself when a Java call made
     * from Python threw it and Python did not catch it (for example BlockHound's
     * {@code BlockingOperationError}), with the Python side as a suppressed {@link PythonException};
     * otherwise the {@link PythonException}.
     *
     * @param description {@code [type, message, traceback, [file, line, function, ...], cause, throwable]}
     */
    static Throwable toError(Object description) {
        List<?> d = (List<?>) description;
        PythonException python = toException(d);
        if (d.size() > 5 && d.get(5) instanceof Throwable javaError) {
            javaError.addSuppressed(python);
            return javaError;
        }
        return python;
    }

    /**
     * @param description {@code [type, message, traceback, [file, line, function, ...], cause, ...]},
     *     the cause being the same shape or {@code null}
     */
    static PythonException toException(Object description) {
        List<?> d = (List<?>) description;
        PythonException cause = d.get(4) == null ? null : toException(d.get(4));
        PythonException error = new PythonException((String) d.get(0), (String) d.get(1), (String) d.get(2), cause);
        List<?> frames = (List<?>) d.get(3);
        int count = frames.size() / 3;
        StackTraceElement[] trace = new StackTraceElement[count];
        for (int i = 0; i < count; i++) {
            // Python lists frames outermost first; Java prints innermost first.
            int at = (count - 1 - i) * 3;
            trace[i] = new StackTraceElement("python", (String) frames.get(at + 2), (String) frames.get(at),
                    ((Number) frames.get(at + 1)).intValue());
        }
        error.setStackTrace(trace);
        return error;
    }
}
