package dev.awaitable.spring.boot;

import dev.awaitable.reactor.PythonRuntime;

/**
 * Adjusts the auto-configured runtime's builder after the {@code reactor.awaitable.*} properties were
 * applied (argument conversions, a timer scheduler...). Every bean of this type is applied, in order.
 */
@FunctionalInterface
public interface PythonRuntimeBuilderCustomizer {

    void customize(PythonRuntime.Builder builder);
}
