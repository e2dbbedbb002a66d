package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/** Java's and Python's tables of the drain protocol are the same table. */
class DrainProtocolTest {

    @Test
    void javaAndPythonAgreeOnEveryNumber() throws IllegalAccessException {
        Map<String, Long> java = new TreeMap<>();
        for (Field field : DrainProtocol.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                java.put(field.getName(), (long) field.getInt(null));
            }
        }
        Map<String, Long> python = new TreeMap<>();
        try (PythonRuntime runtime = PythonRuntime.builder().build()) {
            Map<?, ?> table = (Map<?, ?>) AwaitableFlux.mono(runtime, "reactor_awaitable._protocol:table").block();
            table.forEach((name, value) -> python.put((String) name, ((Number) value).longValue()));
        }
        assertThat(java).hasSizeGreaterThan(20).isEqualTo(python);
    }
}
