package dev.awaitable.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.awaitable.reactor.PythonRuntime;

/**
 * What {@code python} in {@code /actuator/health} says, the same on every Spring Boot line: up while the
 * runtime is healthy (open, no loop thread stopped after an internal error), down with the failure,
 * out of service once closed; details: the Python version and executable, loop threads, calls in
 * flight, slow steps.
 *
 * @param status {@code UP}, {@code DOWN} or {@code OUT_OF_SERVICE}
 * @param failure why a loop thread stopped, or null
 */
record PythonHealth(String status, Throwable failure, Map<String, Object> details) {

    static PythonHealth of(PythonRuntime runtime) {
        Throwable failure = runtime.failure();
        String status = runtime.isHealthy() ? "UP" : failure != null ? "DOWN" : "OUT_OF_SERVICE";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("python", runtime.pythonVersion());
        details.put("executable", runtime.pythonExecutable().toString());
        details.put("loopThreads", runtime.loopThreads());
        details.put("callsInFlight", runtime.callsInFlight());
        details.put("slowSteps", runtime.slowSteps());
        return new PythonHealth(status, failure, details);
    }
}
