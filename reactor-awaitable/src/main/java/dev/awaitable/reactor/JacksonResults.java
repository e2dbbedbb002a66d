package dev.awaitable.reactor;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Typed results through Jackson's {@code convertValue}: the value Python produced (maps, lists,
 * {@code java.time} values, {@code BigDecimal}s...) to the record, bean or generic type asked for.
 * Loaded only when Jackson is on the class path.
 */
final class JacksonResults {

    private static final String JAVA_TIME_MODULE = "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule";

    private final ObjectMapper mapper;
    /** One reader per result type: building one looks up its deserializers each time. */
    private final java.util.Map<Type, ObjectReader> readers = new java.util.concurrent.ConcurrentHashMap<>();

    private JacksonResults(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The application's mapper, copied with one addition: a property that has no alias of its own
     * also accepts the snake_case of its name, so Python's {@code unit_price} fills a Java
     * {@code unitPrice} (and the application's mapper stays as it was for everything else).
     */
    static JacksonResults using(Object objectMapper) {
        ObjectMapper copy = ((ObjectMapper) objectMapper).copy();
        copy.setAnnotationIntrospector(AnnotationIntrospector.pair(copy.getSerializationConfig().getAnnotationIntrospector(),
                new SnakeCaseAliases()));
        return new JacksonResults(copy);
    }

    /**
     * The library's own mapper, set as Spring Boot sets its own: fields a record or bean does not
     * have are ignored, an enum constant matches a value of any case ({@code "shipped"} is
     * {@code SHIPPED}), and a date keeps its offset (Jackson would move an {@code OffsetDateTime} to
     * UTC and write dates as numbers on the way).
     */
    static JacksonResults withDefaults() {
        JsonMapper.Builder builder = JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        try {
            builder.addModule((com.fasterxml.jackson.databind.Module) Class.forName(JAVA_TIME_MODULE)
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            // Without jackson-datatype-jsr310, a date fails its call with Jackson's message naming the module.
        }
        return using(builder.build());
    }

    Object convert(Object value, Type type, String target) {
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        try {
            return mapper.convertValue(value, javaType);
        } catch (IllegalArgumentException e) {
            throw refusal(e.getCause() instanceof JsonMappingException m ? m : null, e, type, target);
        }
    }

    /** Reads JSON text Python wrote for a result ({@code NaN} and infinities as the constants it writes). */
    Object read(String json, Type type, String target) {
        ObjectReader reader = readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.getTypeFactory().constructType(t))
                .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS));
        try {
            return reader.readValue(json);
        } catch (JsonMappingException e) {
            throw refusal(e, e, type, target);
        } catch (java.io.IOException e) {
            throw new ResultConversionException(target, type, "", "the JSON Python wrote could not be read: " + e.getMessage(), e);
        }
    }

    private static ResultConversionException refusal(JsonMappingException mapping, Exception e, Type type, String target) {
        String problem = mapping != null ? mapping.getOriginalMessage() : e.getMessage();
        return new ResultConversionException(target, type, mapping != null ? path(mapping) : "", problem, e);
    }

    /** The snake_case of each property's name as an alias of it, where it differs. */
    private static final class SnakeCaseAliases extends NopAnnotationIntrospector {

        private static final long serialVersionUID = 1L;

        @Override
        public List<PropertyName> findPropertyAliases(Annotated member) {
            String name = propertyName(member);
            if (name == null) {
                return null;
            }
            String snake = snakeCase(name);
            return snake.equals(name) ? null : List.of(PropertyName.construct(snake));
        }

        /** The property a field, a setter or a record's constructor parameter stands for; else null. */
        private static String propertyName(Annotated member) {
            if (member instanceof AnnotatedField field) {
                return field.getName();
            }
            if (member instanceof AnnotatedMethod method) {
                return setterProperty(method.getName());
            }
            if (member instanceof AnnotatedParameter parameter) {
                // A record's canonical constructor: its parameters are the components, in order.
                Class<?> owner = parameter.getDeclaringClass();
                RecordComponent[] components = owner.isRecord() ? owner.getRecordComponents() : null;
                if (components != null && parameter.getOwner().getParameterCount() == components.length) {
                    return components[parameter.getIndex()].getName();
                }
            }
            return null;
        }

        private static String setterProperty(String method) {
            if (method.length() > 3 && method.startsWith("set") && Character.isUpperCase(method.charAt(3))) {
                return Character.toLowerCase(method.charAt(3)) + method.substring(4);
            }
            return null;
        }

        private static String snakeCase(String name) {
            StringBuilder snake = new StringBuilder(name.length() + 4);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isUpperCase(c)) {
                    if (i > 0) {
                        snake.append('_');
                    }
                    snake.append(Character.toLowerCase(c));
                } else {
                    snake.append(c);
                }
            }
            return snake.toString();
        }
    }

    /** Where the mapping failed, as {@code lines[1].unitPrice}. */
    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
