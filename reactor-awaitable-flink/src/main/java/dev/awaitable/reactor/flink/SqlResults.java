package dev.awaitable.reactor.flink;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.InputTypeStrategies;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * Values between Flink SQL and Python: a call's arguments on their way in (a {@code ROW} becomes a
 * dict of its fields), its result on its way out as a value of the declared SQL type (what the
 * library made of the Python value: a {@code str} a {@code String}, a dict a {@code Map}, a list a
 * {@code List}, ..., checked and converted here to the type's Java class, then by Flink's own
 * converter to its internal form).
 *
 * <p>Results go to Flink in the internal form because Flink's asynchronous scalar operator converts an
 * external result without a null check for structured types (a {@code None} for a {@code ROW},
 * {@code MAP}, {@code ARRAY}, {@code DECIMAL} or {@code TIMESTAMP} failed the job with a
 * {@code NullPointerException} in Flink 2.3), while an internal one passes as it is.
 */
final class SqlResults {

    private final DataType type;
    private final String target;
    private final DataStructureConverter<Object, Object> toInternal;

    /**
     * @param sqlType the declared SQL type
     * @param target the Python target, for errors
     * @param classLoader the user code's class loader, for Flink's converter
     */
    SqlResults(String sqlType, String target, ClassLoader classLoader) {
        this.type = TypeConversions.fromLogicalToDataType(LogicalTypeParser.parse(sqlType, classLoader));
        this.target = target;
        this.toInternal = DataStructureConverters.getConverter(type);
        toInternal.open(classLoader);
    }

    /**
     * A Python-backed SQL function's types: any arguments (they cross as Java values), results of the
     * declared type in Flink's internal form.
     */
    static TypeInference typeInference(DataTypeFactory typeFactory, String sqlType) {
        return TypeInference.newBuilder()
                .inputTypeStrategy(InputTypeStrategies.WILDCARD)
                .outputTypeStrategy(TypeStrategies.explicit(internalType(typeFactory.createDataType(sqlType))))
                .build();
    }

    /** @return {@code type} with Flink's internal data structure as its class ({@code RowData}, {@code StringData}, ...) */
    static DataType internalType(DataType type) {
        return type.bridgedTo(LogicalTypeUtils.toInternalConversionClass(type.getLogicalType()));
    }

    /** @return a SQL call's arguments as the values Python gets (see {@link #toPython(Object)}) */
    static Object[] toPython(Object[] arguments) {
        Object[] converted = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            converted[i] = toPython(arguments[i]);
        }
        return converted;
    }

    /** @return a SQL argument as the value Python gets: rows as maps of their fields, arrays as lists */
    static Object toPython(Object argument) {
        if (argument instanceof Row row) {
            Set<String> names = row.getFieldNames(true);
            if (names == null) {
                Object[] fields = new Object[row.getArity()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = toPython(row.getField(i));
                }
                return List.of(fields);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String name : names) {
                fields.put(name, toPython(row.getField(name)));
            }
            return fields;
        }
        if (argument instanceof Object[] array) {
            Object[] items = new Object[array.length];
            for (int i = 0; i < array.length; i++) {
                items[i] = toPython(array[i]);
            }
            return java.util.Arrays.asList(items);
        }
        return argument;
    }

    /**
     * @param value the call's result as a Java value
     * @return the value as the declared type's internal data structure (null for null)
     * @throws IllegalArgumentException naming the target, the type and the value when it does not fit
     */
    Object toSql(Object value) {
        try {
            return toInternal.toInternalOrNull(convert(value, type));
        } catch (ArithmeticException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The Python call '" + target + "' returned " + describe(value)
                    + ", which is not a SQL " + type.getLogicalType().asSummaryString() + " (" + e.getMessage()
                    + "); return a value of that type or declare the function's result type to match", e);
        }
    }

    private static Object convert(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        LogicalType logical = type.getLogicalType();
        return switch (logical.getTypeRoot()) {
            case CHAR, VARCHAR -> as(String.class, value);
            case BOOLEAN -> as(Boolean.class, value);
            case TINYINT -> (byte) checkedLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT -> (short) checkedLong(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> (int) checkedLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> checkedLong(value, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT -> as(Number.class, value).floatValue();
            case DOUBLE -> as(Number.class, value).doubleValue();
            case DECIMAL -> value instanceof BigDecimal decimal ? decimal : new BigDecimal(as(Number.class, value).toString());
            case BINARY, VARBINARY -> as(byte[].class, value);
            case DATE -> as(LocalDate.class, value);
            case TIME_WITHOUT_TIME_ZONE -> as(LocalTime.class, value);
            case TIMESTAMP_WITHOUT_TIME_ZONE -> as(LocalDateTime.class, value);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> instant(value);
            case ARRAY -> array(value, type.getChildren().get(0));
            case MAP -> map(value, type.getChildren().get(0), type.getChildren().get(1));
            case ROW -> row(value, type);
            default -> throw new IllegalArgumentException("results of SQL type " + logical.asSummaryString()
                    + " are not supported");
        };
    }

    private static <T> T as(Class<T> type, Object value) {
        if (!type.isInstance(value)) {
            throw new ClassCastException("expected " + type.getSimpleName());
        }
        return type.cast(value);
    }

    private static long checkedLong(Object value, long min, long max) {
        Number number = as(Number.class, value);
        if (number instanceof Double || number instanceof Float || number instanceof BigDecimal) {
            throw new ClassCastException("expected an integer");
        }
        BigInteger big = number instanceof BigInteger b ? b : BigInteger.valueOf(number.longValue());
        if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ArithmeticException("out of range");
        }
        return big.longValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        throw new ClassCastException("expected a datetime with a time zone");
    }

    private static Object array(Object value, DataType elementType) {
        List<?> items = as(List.class, value);
        Object array = Array.newInstance(elementType.getConversionClass(), items.size());
        for (int i = 0; i < items.size(); i++) {
            Array.set(array, i, convert(items.get(i), elementType));
        }
        return array;
    }

    private static Map<Object, Object> map(Object value, DataType keyType, DataType valueType) {
        Map<?, ?> entries = as(Map.class, value);
        Map<Object, Object> converted = new LinkedHashMap<>();
        entries.forEach((k, v) -> converted.put(convert(k, keyType), convert(v, valueType)));
        return converted;
    }

    /** A ROW from a dict (by field name; a missing field is null) or a list or tuple (by position). */
    private static Row row(Object value, DataType type) {
        List<String> names = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getFieldNames(type.getLogicalType());
        List<DataType> fieldTypes = type.getChildren();
        Row row = new Row(names.size());
        if (value instanceof Map<?, ?> fields) {
            for (Object key : fields.keySet()) {
                if (!names.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException("the row has no field '" + key + "'");
                }
            }
            for (int i = 0; i < names.size(); i++) {
                row.setField(i, convert(fields.get(names.get(i)), fieldTypes.get(i)));
            }
            return row;
        }
        List<?> fields = as(List.class, value);
        if (fields.size() != names.size()) {
            throw new IllegalArgumentException(fields.size() + " values for " + names.size() + " fields");
        }
        for (int i = 0; i < names.size(); i++) {
            row.setField(i, convert(fields.get(i), fieldTypes.get(i)));
        }
        return row;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return (value == null ? "null" : value.getClass().getSimpleName()) + " "
                + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }
}
