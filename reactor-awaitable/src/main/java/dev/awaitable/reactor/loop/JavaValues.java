package dev.awaitable.reactor.loop;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jep.NDArray;

/**
 * Builds and takes apart the Java values that stand for Python's standard types, for
 * {@code reactor_awaitable._convert}: each one in a single call from Python, with primitive arguments,
 * so a {@code datetime} or a {@code Decimal} costs one JNI crossing, not one per field.
 *
 * <p>Every method is called from Python, on the thread that converts (a loop thread or a blocking
 * worker), with the GIL held; none blocks.
 *
 * <p>Internal to reactor-awaitable.
 */
public final class JavaValues {

    /** The one instance Python is handed (Jep calls instance methods most directly). */
    public static final JavaValues INSTANCE = new JavaValues();

    private JavaValues() {
    }

    /** A Python {@code datetime} with a UTC offset (whole seconds). */
    public OffsetDateTime offsetDateTime(int year, int month, int day, int hour, int minute, int second, int nano,
            int offsetSeconds) {
        return OffsetDateTime.of(year, month, day, hour, minute, second, nano, ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** A naive Python {@code datetime}. */
    public LocalDateTime localDateTime(int year, int month, int day, int hour, int minute, int second, int nano) {
        return LocalDateTime.of(year, month, day, hour, minute, second, nano);
    }

    /** A Python {@code date}. */
    public LocalDate localDate(int year, int month, int day) {
        return LocalDate.of(year, month, day);
    }

    /** A naive Python {@code time}. */
    public LocalTime localTime(int hour, int minute, int second, int nano) {
        return LocalTime.of(hour, minute, second, nano);
    }

    /** A Python {@code time} with a UTC offset (whole seconds). */
    public OffsetTime offsetTime(int hour, int minute, int second, int nano, int offsetSeconds) {
        return OffsetTime.of(hour, minute, second, nano, ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** A Python {@code timedelta}: whole seconds (negative for a negative one) and the nanoseconds to add. */
    public Duration duration(long seconds, long nanos) {
        return Duration.ofSeconds(seconds, nanos);
    }

    /** A finite Python {@code Decimal}, from its {@code str()} (which BigDecimal's syntax accepts). */
    public BigDecimal bigDecimal(String text) {
        return new BigDecimal(text);
    }

    /** A Python {@code UUID}, from its 128 bits as two signed halves. */
    public UUID uuid(long mostSignificant, long leastSignificant) {
        return new UUID(mostSignificant, leastSignificant);
    }

    /** A Python {@code set} or {@code frozenset}, from its converted elements (in Python's order). */
    public Set<Object> setOf(Collection<?> elements) {
        return new LinkedHashSet<>(elements);
    }

    /**
     * A numpy array's bytes (native order, written by Python into {@code buffer}) as the Java array of
     * its kind in Jep's {@code NDArray} with {@code shape} (two dimensions or more), in an
     * {@link ArrayValue} (see there why).
     *
     * @param kind {@code F} float, {@code D} double, {@code I} int, {@code J} long, {@code S} short,
     *     {@code B} byte, {@code Z} boolean
     * @param shape the array's dimensions
     */
    public ArrayValue array(ByteBuffer buffer, int bytes, String kind, List<?> shape) {
        Object array = primitiveArray(buffer, bytes, kind);
        int[] dimensions = new int[shape.size()];
        for (int i = 0; i < dimensions.length; i++) {
            dimensions[i] = ((Number) shape.get(i)).intValue();
        }
        return new ArrayValue(new NDArray<>(array, dimensions));
    }

    /** {@link #array} of a one-dimensional array: the primitive array itself, in an {@link ArrayValue}. */
    public ArrayValue vector(ByteBuffer buffer, int bytes, String kind) {
        return new ArrayValue(primitiveArray(buffer, bytes, kind));
    }

    private static Object primitiveArray(ByteBuffer buffer, int bytes, String kind) {
        ByteBuffer data = buffer.duplicate().order(ByteOrder.nativeOrder());
        data.position(0).limit(bytes);
        Object array;
        switch (kind) {
            case "F" -> {
                float[] values = new float[bytes / Float.BYTES];
                data.asFloatBuffer().get(values);
                array = values;
            }
            case "D" -> {
                double[] values = new double[bytes / Double.BYTES];
                data.asDoubleBuffer().get(values);
                array = values;
            }
            case "I" -> {
                int[] values = new int[bytes / Integer.BYTES];
                data.asIntBuffer().get(values);
                array = values;
            }
            case "J" -> {
                long[] values = new long[bytes / Long.BYTES];
                data.asLongBuffer().get(values);
                array = values;
            }
            case "S" -> {
                short[] values = new short[bytes / Short.BYTES];
                data.asShortBuffer().get(values);
                array = values;
            }
            case "B" -> {
                byte[] values = new byte[bytes];
                data.get(values);
                array = values;
            }
            case "Z" -> {
                boolean[] values = new boolean[bytes];
                for (int i = 0; i < bytes; i++) {
                    values[i] = data.get(i) != 0;
                }
                array = values;
            }
            default -> throw new IllegalArgumentException("no Java array kind " + kind);
        }
        return array;
    }

    /** Writes a Java primitive array (not {@code byte[]} or {@code char[]}) into {@code buffer}, native order. */
    public void fillBuffer(ByteBuffer buffer, Object array) {
        ByteBuffer data = buffer.duplicate().order(ByteOrder.nativeOrder());
        data.clear();
        if (array instanceof float[] values) {
            data.asFloatBuffer().put(values);
        } else if (array instanceof double[] values) {
            data.asDoubleBuffer().put(values);
        } else if (array instanceof int[] values) {
            data.asIntBuffer().put(values);
        } else if (array instanceof long[] values) {
            data.asLongBuffer().put(values);
        } else if (array instanceof short[] values) {
            data.asShortBuffer().put(values);
        } else if (array instanceof boolean[] values) {
            for (boolean value : values) {
                data.put((byte) (value ? 1 : 0));
            }
        } else {
            throw new IllegalArgumentException("not a primitive array numpy reads: " + array.getClass().getName());
        }
    }

    /**
     * A Java {@code record} argument's components by name, in declaration order (values unconverted),
     * or null when {@code value} is no record.
     */
    public Map<String, Object> recordComponents(Object value) {
        Class<?> type = value.getClass();
        if (!type.isRecord()) {
            return null;
        }
        Map<String, Object> components = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            try {
                java.lang.reflect.Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                components.put(component.getName(), accessor.invoke(value));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read component " + component.getName() + " of record "
                        + type.getName() + ": " + e, e);
            }
        }
        return components;
    }
}
