package dev.awaitable.reactor.loop;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
