package dev.awaitable.reactor;

import java.lang.reflect.Type;

/**
 * A Python result (or stream item) that does not map to the Java type the caller asked for: a field
 * of the wrong type, a missing creator, or no Jackson on the class path for a record or a bean. Its
 * message names the Python target, the Java type and where in the value it went wrong.
 */
public final class ResultConversionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String target;
    private final transient Type javaType;
    private final String path;

    ResultConversionException(String target, Type javaType, String path, String problem, Throwable cause) {
        super("The result of '" + target + "' does not map to " + javaType.getTypeName()
                + (path.isEmpty() ? "" : " at " + path) + ": " + problem, cause);
        this.target = target;
        this.javaType = javaType;
        this.path = path;
    }

    /** @return the Python target whose result did not map */
    public String getTarget() {
        return target;
    }

    /** @return the Java type asked for */
    public Type getJavaType() {
        return javaType;
    }

    /** @return where in the value it went wrong ({@code lines[1].unitPrice}), empty for the value itself */
    public String getPath() {
        return path;
    }
}
