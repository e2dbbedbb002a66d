package dev.awaitable.reactor;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The Java type a Python result is converted to, generic types included: subclass it to capture one,
 * {@code new ResultType<List<Quote>>() {}}, as Jackson's {@code TypeReference} and Spring's
 * {@code ParameterizedTypeReference} do; {@link #of(Class)} for a plain class.
 *
 * @param <T> the type
 */
public abstract class ResultType<T> {

    private final Type type;

    /** Captures the type argument of the anonymous subclass. */
    protected ResultType() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalArgumentException("ResultType needs its type argument: new ResultType<List<Quote>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    private ResultType(Type type) {
        this.type = type;
    }

    /**
     * @param type a class (a record, a bean, {@code String}, {@code Integer}...)
     * @param <T> the type
     * @return the result type of that class
     */
    public static <T> ResultType<T> of(Class<T> type) {
        return new ResultType<T>(Objects.requireNonNull(type, "type")) {
        };
    }

    /** A result type of a type found by reflection (a bound method's {@code Mono<R>}). */
    static ResultType<?> ofType(Type type) {
        return new ResultType<Object>(type) {
        };
    }

    /** @return the captured type */
    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
