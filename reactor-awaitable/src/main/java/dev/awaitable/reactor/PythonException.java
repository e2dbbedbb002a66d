package dev.awaitable.reactor;

import java.util.Objects;

/**
 * A Python exception raised by a coroutine or function that reactor-awaitable ran, as seen from Java.
 *
 * <p>It carries the exception's qualified Python type (for example {@code builtins.ValueError}), its
 * message, and the formatted Python traceback. Its stack trace holds the Python frames (declaring class
 * {@code python}), innermost first, so Java logs point at the Python lines. Its cause chain mirrors
 * Python's {@code __cause__} ({@code raise ... from ...}).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class PythonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;

    /**
     * Creates an exception describing a Python exception.
     *
     * @param pythonType qualified Python type name, e.g. {@code builtins.ValueError}
     * @param pythonMessage {@code str(exception)}, possibly empty
     * @param pythonTraceback the formatted traceback ({@code traceback.format_exception}), possibly empty
     * @param cause the exception's {@code __cause__}, or {@code null}
     */
    public PythonException(String pythonType, String pythonMessage, String pythonTraceback, Throwable cause) {
        super(format(pythonType, pythonMessage), cause);
        this.pythonType = Objects.requireNonNull(pythonType, "pythonType");
        this.pythonMessage = pythonMessage == null ? "" : pythonMessage;
        this.pythonTraceback = pythonTraceback == null ? "" : pythonTraceback;
    }

    private static String format(String type, String message) {
        return message == null || message.isEmpty() ? type : type + ": " + message;
    }

    /** @return the qualified Python type name, e.g. {@code builtins.ValueError} or {@code mypkg.errors.Boom} */
    public String getPythonType() {
        return pythonType;
    }

    /** @return {@code str(exception)} in Python; empty when the exception had no message */
    public String getPythonMessage() {
        return pythonMessage;
    }

    /** @return the formatted Python traceback, as Python would print it (without the cause chain) */
    public String getPythonTraceback() {
        return pythonTraceback;
    }
}
