/**
 * reactor-awaitable: Python {@code async def} code as Reactor publishers, on CPython embedded with Jep.
 *
 * <p>Only the API ({@code dev.awaitable.reactor}) and the BlockHound integration are exported; the
 * loop machinery ({@code dev.awaitable.reactor.loop}) is internal. Jep reaches the internal objects it
 * is handed through JNI, which module boundaries do not restrict.
 *
 * <p>On the module path, BlockHound does not find the integration by itself (it is an optional
 * dependency, so this module cannot declare the service): install it with
 * {@code BlockHound.install(new ReactorAwaitableBlockHoundIntegration())}. The Python package's jar
 * (automatic module {@code dev.awaitable.reactor.python}, resources only) must be resolved too:
 * {@code --add-modules dev.awaitable.reactor.python}.
 */
module dev.awaitable.reactor {
    requires transitive reactor.core;
    requires transitive org.reactivestreams;
    requires org.ninia.jep;
    requires org.slf4j;
    requires static reactor.blockhound;
    requires static micrometer.core;
    requires static com.fasterxml.jackson.databind;
    requires static com.fasterxml.jackson.datatype.jsr310;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;
    requires static context.propagation;

    exports dev.awaitable.reactor;
    exports dev.awaitable.reactor.blockhound;
}
