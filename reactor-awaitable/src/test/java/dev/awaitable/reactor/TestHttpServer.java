package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The test suite's aiohttp server ({@code ra_test.http_server}) in a process of its own, on 127.0.0.1. */
final class TestHttpServer implements AutoCloseable {

    private final Process process;
    private final String baseUrl;

    private TestHttpServer(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the server with the Python the tests embed; returns once it listens. */
    static TestHttpServer start() throws IOException {
        return start(0);
    }

    /** Starts the server on {@code port} (0: any free one); returns once it listens. */
    static TestHttpServer start(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(System.getProperty(PythonLocator.PROPERTY), "-m", "ra_test.http_server",
                String.valueOf(port));
        builder.environment().put("PYTHONPATH", System.getProperty("reactor.awaitable.testPythonPath"));
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("the server's first line").startsWith("port=");
        return new TestHttpServer(process, "http://127.0.0.1:" + line.substring("port=".length()));
    }

    /** @return the port it listens on */
    int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    /** Ends the server process with SIGKILL: its connections break without a goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** @return {@code http://127.0.0.1:<port>} */
    String baseUrl() {
        return baseUrl;
    }

    /** Stops the server (it ends when its stdin closes). */
    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
