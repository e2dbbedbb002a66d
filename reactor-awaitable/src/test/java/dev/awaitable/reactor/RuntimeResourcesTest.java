package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtimes created and closed one after another leave the process as they found it. */
class RuntimeResourcesTest {

    @Test
    void aHundredRuntimesLeaveThreadsTemporaryFilesSysPathAndPythonObjectsAsTheyWere(@TempDir Path tmp) throws Exception {
        // A temporary directory of this test's own: other processes on the machine use the shared one.
        String sharedTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (PythonRuntime observer = TestRuntimes.create()) {
            createAndClose(5); // warm-up: Jep's caches of Java classes, the first imports
            List<?> before = state(observer);
            int threadsBefore = liveThreads();
            List<String> tempBefore = temporaryEntries();

            createAndClose(100);

            List<?> after = state(observer);
            long objectsBefore = (Long) before.get(0);
            long objectsAfter = (Long) after.get(0);
            System.out.printf("Python objects before %d, after 100 runtimes %d%n", objectsBefore, objectsAfter);
            assertThat(after.get(1)).as("sys.path").isEqualTo(before.get(1));
            assertThat(objectsAfter - objectsBefore).as("Python objects left by 100 runtimes").isLessThan(500);
            assertThat(temporaryEntries()).as("temporary files and directories").isEqualTo(tempBefore);
            assertThat(waitForThreads(threadsBefore)).as("live JVM threads").isLessThanOrEqualTo(threadsBefore);
        } finally {
            System.setProperty("java.io.tmpdir", sharedTmp);
        }
    }

    private static void createAndClose(int runtimes) throws java.io.IOException {
        for (int i = 0; i < runtimes; i++) {
            Path ownPath = java.nio.file.Files.createDirectories(Path.of("/tmp/ra-runtime-" + i));
            try (PythonRuntime runtime = TestRuntimes.builder().addPythonPath(ownPath).build()) {
                assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", i, 1).block()).isEqualTo(i + 1L);
                assertThat(AwaitableFlux.mono(runtime, "ra_test.asyncio_features:scenario_execute_async").block())
                        .isEqualTo("ok");
            }
        }
    }

    private static List<?> state(PythonRuntime observer) {
        return (List<?>) AwaitableFlux.mono(observer, "ra_test.environment:python_state").block();
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** The thread count once the closed runtimes' threads have ended (up to 10 s). */
    private static int waitForThreads(int expected) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (liveThreads() > expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return liveThreads();
    }

    private static List<String> temporaryEntries() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("reactor-awaitable")).sorted().toList();
        }
    }
}
