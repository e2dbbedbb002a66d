package dev.awaitable.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonException;
import dev.awaitable.reactor.PythonRuntime;
import reactor.util.context.Context;

/**
 * Python's logging in the service's logging: records of Python code run by the runtime reach
 * Logback (through SLF4J) under {@code python.<logger>}, with their level, the loop thread's name, the
 * exception with its Python frames, and the request id of the call's Reactor Context in the MDC.
 */
class PythonLoggingTest {

    private final Logger python = (Logger) LoggerFactory.getLogger("python");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void captureThePythonLoggers() {
        events.start();
        python.addAppender(events);
        python.setLevel(Level.INFO);
    }

    @AfterEach
    void stopCapturing() {
        python.detachAppender(events);
        python.setLevel(null);
    }

    private static PythonRuntime runtime() {
        return PythonRuntime.builder().addPythonPath(Path.of("src/test/python")).logContextKeys("requestId").build();
    }

    private List<ILoggingEvent> logged(String logger) {
        return events.list.stream().filter(e -> e.getLoggerName().equals(logger)).toList();
    }

    @Test
    void recordsArriveWithTheirLevelThreadAndTheCallsRequestIdInTheMdc() {
        try (PythonRuntime runtime = runtime()) {
            Object thread = AwaitableFlux.mono(runtime, "logging_calls:log_levels", "A-1")
                    .contextWrite(Context.of("requestId", "req-7", "secret", "not logged")).block();
            assertThat((String) thread).as("threading.current_thread().name on a loop thread")
                    .matches("reactor-awaitable-\\d+-loop-0");
            List<ILoggingEvent> orders = logged("python.shop.orders");
            assertThat(orders).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.WARN);
            assertThat(orders).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("placing order A-1", "stock low for A-1");
            assertThat(orders).allSatisfy(event -> {
                assertThat(event.getThreadName()).isEqualTo(thread);
                assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "req-7").doesNotContainKey("secret");
            });
        }
    }

    @Test
    void anExceptionArrivesAsAPythonExceptionWithThePythonFrames() {
        try (PythonRuntime runtime = runtime()) {
            AwaitableFlux.mono(runtime, "logging_calls:log_failure", "A-2").block();
            ILoggingEvent failed = logged("python.shop.orders").get(0);
            assertThat(failed.getLevel()).isEqualTo(Level.ERROR);
            assertThat(failed.getFormattedMessage()).isEqualTo("order A-2 failed");
            IThrowableProxy error = failed.getThrowableProxy();
            assertThat(error.getClassName()).isEqualTo(PythonException.class.getName());
            assertThat(error.getMessage()).isEqualTo("builtins.ValueError: no price for A-2");
            assertThat(error.getStackTraceElementProxyArray()[0].getStackTraceElement().getFileName())
                    .endsWith("logging_calls.py");
        }
    }

    @Test
    void blockingWorkersCarryTheirJavaNamesInPython() {
        try (PythonRuntime runtime = runtime()) {
            assertThat((String) AwaitableFlux.mono(runtime, "logging_calls:worker_thread_name").block())
                    .matches("reactor-awaitable-\\d+-blocking-\\d+");
        }
    }
}
