package dev.awaitable.spring.boot;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
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
 * ({@code python}), and interfaces annotated {@code @PythonModule} in the application's packages are
 * beans ({@link PythonModulesRegistrar}).
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
        PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
        map.from(properties::getPython).to(builder::pythonExecutable);
        properties.getPaths().forEach(builder::addPythonPath);
        map.from(properties::getLoopThreads).to(builder::loopThreads);
        map.from(properties::getIsolatedLoops).to(builder::isolatedLoops);
        map.from(properties::getMaxBlockingWorkers).to(builder::maxBlockingWorkers);
        map.from(properties::getBlockingQueueCapacity).to(builder::blockingQueueCapacity);
        map.from(properties::getBlockingIdleTimeout).to(builder::blockingIdleTimeout);
        map.from(properties::getShutdownGrace).to(builder::shutdownGrace);
        builder.preload(properties.getPreload().toArray(String[]::new));
        map.from(properties::getSlowStepThreshold).to(builder::slowStepThreshold);
        builder.pythonLogging(properties.isPythonLogging());
        builder.logContextKeys(properties.getLogContextKeys().toArray(String[]::new));
        builder.applicationModules(properties.isApplicationModules());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** The runtime's meters ({@code reactor.awaitable.*}) in the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        PythonRuntimeBuilderCustomizer pythonRuntimeMeters(ObjectProvider<MeterRegistry> registry) {
            return builder -> registry.ifAvailable(builder::meterRegistry);
        }
    }

    /** {@code python} in {@code /actuator/health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("python")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "pythonHealthIndicator")
        PythonRuntimeHealthIndicator pythonHealthIndicator(PythonRuntime runtime) {
            return new PythonRuntimeHealthIndicator(runtime);
        }
    }
}
