package dev.awaitable.spring.boot;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import dev.awaitable.reactor.PythonRuntime;

/**
 * {@code python} in {@code /actuator/health}: up while the runtime is healthy (open, no loop thread
 * stopped after an internal error), down otherwise with the failure; details: the Python version and
 * executable, loop threads, calls in flight, slow steps.
 */
public class PythonRuntimeHealthIndicator extends AbstractHealthIndicator {

    private final PythonRuntime runtime;

    public PythonRuntimeHealthIndicator(PythonRuntime runtime) {
        super("Python runtime health check failed");
        this.runtime = runtime;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Throwable failure = runtime.failure();
        if (runtime.isHealthy()) {
            builder.up();
        } else if (failure != null) {
            builder.down(failure);
        } else {
            builder.outOfService().withDetail("closed", true);
        }
        builder.withDetail("python", runtime.pythonVersion())
                .withDetail("executable", runtime.pythonExecutable().toString())
                .withDetail("loopThreads", runtime.loopThreads())
                .withDetail("callsInFlight", runtime.callsInFlight())
                .withDetail("slowSteps", runtime.slowSteps());
    }
}
