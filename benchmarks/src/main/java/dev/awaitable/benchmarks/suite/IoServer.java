package dev.awaitable.benchmarks.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server of the I/O workloads ({@code io_server.py}): one plain-asyncio process on 127.0.0.1 for
 * all the contenders of a workload, started before its first measurement and stopped after its last.
 */
final class IoServer implements AutoCloseable {

    private final Process process;
    private final List<String> params;

    private IoServer(Process process, List<String> params) {
        this.process = process;
        this.params = params;
    }

    static IoServer start(Path python, Path pythonSources) throws IOException {
        Process process = new ProcessBuilder(python.toString(), pythonSources.resolve("io_server.py").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ports = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (ports == null || !ports.startsWith("http=")) {
            process.destroyForcibly();
            throw new IOException("io_server.py did not start (it printed " + ports + ")");
        }
        return new IoServer(process, List.of(ports.split(" ")));
    }

    /** @return {@code http=<port>}, {@code echo=<port>} and {@code kv=<port>}, for the contenders' command lines */
    List<String> params() {
        return params;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close(); // the server stops when its standard input closes
        } catch (IOException ignored) {
            // it is being stopped anyway
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
