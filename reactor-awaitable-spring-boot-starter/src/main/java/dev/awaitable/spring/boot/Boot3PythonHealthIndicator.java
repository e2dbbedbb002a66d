package dev.awaitable.spring.boot;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import dev.awaitable.reactor.PythonRuntime;

/** {@code python} in {@code /actuator/health} on Spring Boot 3 ({@link PythonHealth}). */
class Boot3PythonHealthIndicator extends AbstractHealthIndicator {

    private final PythonRuntime runtime;

    Boot3PythonHealthIndicator(PythonRuntime runtime) {
        super("Python runtime health check failed");
        this.runtime = runtime;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PythonHealth health = PythonHealth.of(runtime);
        builder.status(new Status(health.status())).withDetails(health.details());
        if (health.failure() != null) {
            builder.withException(health.failure());
        }
    }
}
