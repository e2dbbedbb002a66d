package dev.awaitable.spring.boot;

import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.awaitable.reactor.PythonRuntime;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The application's {@link PythonRuntime}: built from {@code reactor.awaitable.*} and the
 * {@link PythonRuntimeBuilderCustomizer}s, closed when the context closes. A bean's destroy method
 * runs after the context's lifecycle has stopped, so with {@code server.shutdown=graceful} the web
 * server has drained its requests (their coroutines finished) before the runtime cancels what is left.
 * Its meters go to the application's {@code MeterRegistry}, its health to {@code /actuator/health}
 * ({@code python}; off with {@code management.health.python.enabled=false}), and interfaces annotated
 * {@code @PythonModule} in the application's packages are beans ({@link PythonModulesRegistrar}).
 * Spring Boot 3.5 and 4.0: it uses only what both lines have, and each line's own health API in a
 * configuration of its own.
 */
@AutoConfiguration
@ConditionalOnClass(PythonRuntime.class)
@EnableConfigurationProperties(ReactorAwaitableProperties.class)
@Import(PythonModulesRegistrar.class)
public class ReactorAwaitableAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    PythonRuntime pythonRuntime(ReactorAwaitableProperties properties,
                                ObjectProvider<PythonRuntimeBuilderCustomizer> customizers) {
        PythonRuntime.Builder builder = PythonRuntime.builder();
        whenSet(properties.getPython(), builder::pythonExecutable);
        properties.getPaths().forEach(builder::addPythonPath);
        whenSet(properties.getLoopThreads(), builder::loopThreads);
        whenSet(properties.getIsolatedLoops(), builder::isolatedLoops);
        whenSet(properties.getMaxBlockingWorkers(), builder::maxBlockingWorkers);
        whenSet(properties.getBlockingQueueCapacity(), builder::blockingQueueCapacity);
        whenSet(properties.getBlockingIdleTimeout(), builder::blockingIdleTimeout);
        whenSet(properties.getShutdownGrace(), builder::shutdownGrace);
        builder.preload(properties.getPreload().toArray(String[]::new));
        whenSet(properties.getSlowStepThreshold(), builder::slowStepThreshold);
        whenSet(properties.getEventLoop(), builder::eventLoop);
        builder.pythonLogging(properties.isPythonLogging());
        builder.logContextKeys(properties.getLogContextKeys().toArray(String[]::new));
        builder.applicationModules(properties.isApplicationModules());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    private static <T> void whenSet(T value, Consumer<T> setting) {
        if (value != null) {
            setting.accept(value);
        }
    }

    /** The runtime's meters ({@code reactor.awaitable.*}) in the application's registry, when it has one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        PythonRuntimeBuilderCustomizer pythonRuntimeMeters(ObjectProvider<MeterRegistry> registry) {
            return builder -> registry.ifAvailable(builder::meterRegistry);
        }
    }

    /**
     * The application's {@code OpenTelemetry} (Spring Boot's, behind Micrometer Tracing) makes the calls'
     * spans, under the request's span, and Python continues the trace.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
    static class Tracing {

        @Bean
        PythonRuntimeBuilderCustomizer pythonRuntimeTracing(ObjectProvider<io.opentelemetry.api.OpenTelemetry> openTelemetry) {
            return builder -> openTelemetry.ifAvailable(builder::openTelemetry);
        }
    }

    /** {@code python} in {@code /actuator/health}, Spring Boot 3's health API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.python", name = "enabled", matchIfMissing = true)
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "pythonHealthIndicator")
        Boot3PythonHealthIndicator pythonHealthIndicator(PythonRuntime runtime) {
            return new Boot3PythonHealthIndicator(runtime);
        }
    }

    /** {@code python} in {@code /actuator/health}, Spring Boot 4's health API (spring-boot-health). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.python", name = "enabled", matchIfMissing = true)
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "pythonHealthIndicator")
        Boot4PythonHealthIndicator pythonHealthIndicator(PythonRuntime runtime) {
            return new Boot4PythonHealthIndicator(runtime);
        }
    }
}
