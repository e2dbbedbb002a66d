package dev.awaitable.reactor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;

/**
 * The application's own rules for Java arguments ({@link PythonRuntime.Builder#argumentConversion}):
 * an argument of a registered class (or a subclass, or an implementation of a registered interface),
 * also inside a {@code Map} or a collection, is replaced by what its function returns before it
 * crosses, and that is converted as any argument is. With no rule, arguments are passed as they are.
 */
final class ArgumentConversions {

    private final Map<Class<?>, Function<Object, ?>> rules;
    /** The rule found for each class met (an empty Optional: none), along superclasses and interfaces. */
    private final Map<Class<?>, Optional<Function<Object, ?>>> found = new ConcurrentHashMap<>();

    ArgumentConversions(Map<Class<?>, Function<Object, ?>> rules) {
        this.rules = Map.copyOf(rules);
    }

    /**
     * Replaces every registered value in {@code args}, in place (the caller's own copy).
     *
     * @return {@code args}
     */
    Object[] convertAll(Object[] args) {
        if (!rules.isEmpty()) {
            for (int i = 0; i < args.length; i++) {
                args[i] = convert(args[i]);
            }
        }
        return args;
    }

    /** @return {@code items} with every registered value in each item replaced (itself when there is no rule) */
    Publisher<?> convertEach(Publisher<?> items) {
        return rules.isEmpty() ? items : Flux.from(items).map(this::convert);
    }

    /** @return {@code value} with every registered value in it replaced */
    Object convert(Object value) {
        if (value == null || rules.isEmpty()) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((key, item) -> converted.put(convert(key), convert(item)));
            return converted;
        }
        if (value instanceof Collection<?> collection && !(value instanceof java.util.Set<?>)) {
            List<Object> converted = new ArrayList<>(collection.size());
            collection.forEach(item -> converted.add(convert(item)));
            return converted;
        }
        Function<Object, ?> rule = found.computeIfAbsent(value.getClass(), this::ruleFor).orElse(null);
        return rule == null ? value : convert(rule.apply(value));
    }

    private Optional<Function<Object, ?>> ruleFor(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Function<Object, ?> rule = rules.get(c);
            if (rule != null) {
                return Optional.of(rule);
            }
            for (Class<?> implemented : c.getInterfaces()) {
                Optional<Function<Object, ?>> viaInterface = ruleFor(implemented);
                if (viaInterface.isPresent()) {
                    return viaInterface;
                }
            }
        }
        return Optional.empty();
    }
}
