package dev.awaitable.reactor.loop;

/**
 * A call's result written as JSON text by Python (pydantic-core's serializer), delivered instead of
 * the converted value when the caller asked for a Java type that Jackson reads (a record, a bean, a
 * generic type): one string crosses instead of a tree of values built element by element.
 *
 * <p>Internal to reactor-awaitable.
 *
 * @param text the JSON
 */
public record JsonText(String text) {
}
