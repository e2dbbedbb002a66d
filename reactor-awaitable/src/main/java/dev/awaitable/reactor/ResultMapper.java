package dev.awaitable.reactor;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;

import dev.awaitable.reactor.loop.JsonText;

/**
 * Converts the Java value a call produced to the type its caller asked for: as it is when it already
 * has that type, a number to another boxed number type when it fits, and anything else (a {@code Map}
 * to a record or a bean, a {@code List} to a {@code List<Quote>}) through Jackson when the application
 * has it (an optional dependency, loaded only then).
 */
final class ResultMapper {

    private static final String JACKSON_CLASS = "com.fasterxml.jackson.databind.ObjectMapper";

    /** A JacksonResults, typed Object so that Jackson stays optional; null without Jackson. */
    private final Object jackson;

    /** @param jackson a JacksonResults, or null for none */
    ResultMapper(Object jackson) {
        this.jackson = jackson;
    }

    /**
     * @param objectMapper the application's {@code ObjectMapper}, or null for the library's own when
     *     Jackson is on the class path
     */
    static ResultMapper create(Object objectMapper) {
        if (objectMapper != null) {
            return new ResultMapper(JacksonResults.using(objectMapper));
        }
        return new ResultMapper(PythonRuntime.presentClass(JACKSON_CLASS) ? JacksonResults.withDefaults() : null);
    }


    /**
     * Whether a call whose result is wanted as {@code type} should ask Python for JSON text: for a
     * type only Jackson makes (a record, a bean, a generic type), when Jackson is there. A type the
     * result may simply be ({@code String}, a boxed number, {@code java.time}, {@code Map<String,
     * Object>}...) is taken the ordinary way.
     */
    boolean readsJson(ResultType<?> type) {
        if (jackson == null) {
            return false;
        }
        Type javaType = type.type();
        if (javaType instanceof Class<?> raw) {
            return !raw.isPrimitive() && !raw.isArray() && !raw.isEnum() && !raw.isInterface()
                    && !raw.getName().startsWith("java.");
        }
        return !(javaType instanceof ParameterizedType parameterized && onlyObjects(parameterized));
    }

    /** @throws ResultConversionException when {@code value} does not map to {@code type} */
    @SuppressWarnings("unchecked")
    <T> T convert(Object value, ResultType<T> type, String target) {
        Type javaType = type.type();
        if (value instanceof JsonText json) {
            return (T) ((JacksonResults) jackson).read(json.text(), javaType, target);
        }
        if (javaType instanceof Class<?> raw) {
            if (raw.isInstance(value)) {
                return (T) value;
            }
            Object number = value instanceof Number n ? narrow(n, raw) : null;
            if (number != null) {
                return (T) number;
            }
        }
        if (javaType instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && raw.isInstance(value) && onlyObjects(parameterized)) {
            return (T) value; // List<Object>, Map<String, Object>: the value as Python gave it
        }
        if (jackson == null) {
            throw new ResultConversionException(target, javaType, "", "the value is a " + value.getClass().getName()
                    + "; converting it to a record, a bean or a generic type needs Jackson on the class path "
                    + "(com.fasterxml.jackson.core:jackson-databind and com.fasterxml.jackson.datatype:jackson-datatype-jsr310)",
                    null);
        }
        return (T) ((JacksonResults) jackson).convert(value, javaType, target);
    }

    private static boolean onlyObjects(ParameterizedType type) {
        for (Type argument : type.getActualTypeArguments()) {
            if (argument != Object.class && !(argument instanceof WildcardType wildcard
                    && wildcard.getUpperBounds().length == 1 && wildcard.getUpperBounds()[0] == Object.class
                    && wildcard.getLowerBounds().length == 0)
                    && !(argument == String.class && type.getRawType() == java.util.Map.class)) {
                return false;
            }
        }
        return true;
    }

    /** {@code number} as {@code type} when that is a boxed number type it fits in exactly; else null. */
    private static Object narrow(Number number, Class<?> type) {
        try {
            if (type == Integer.class || type == int.class) {
                return Math.toIntExact(number.longValue()) == number.doubleValue() ? number.intValue() : null;
            }
            if (type == Long.class || type == long.class) {
                return number instanceof Long || number instanceof Integer ? number.longValue() : null;
            }
            if (type == Double.class || type == double.class) {
                return number.doubleValue();
            }
            if (type == BigDecimal.class) {
                return number instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(number.toString());
            }
            if (type == BigInteger.class && (number instanceof Long || number instanceof Integer)) {
                return BigInteger.valueOf(number.longValue());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
