package dev.awaitable.reactor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes whose tests share one runtime (created before the first, closed after the last). */
abstract class SharedRuntimeTest {

    static PythonRuntime runtime;

    @BeforeAll
    static void startSharedRuntime() {
        runtime = TestRuntimes.create();
    }

    @AfterAll
    static void closeSharedRuntime() {
        runtime.close();
    }
}
