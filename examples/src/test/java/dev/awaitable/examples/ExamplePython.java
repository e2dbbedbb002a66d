package dev.awaitable.examples;

import java.nio.file.Path;

import dev.awaitable.reactor.PythonRuntime;

/** The examples' Python sources, for tests that build their own runtime. */
public final class ExamplePython {

    private ExamplePython() {
    }

    /** @return {@code examples/src/main/python} (the build passes it as {@code examples.python}) */
    public static Path sources() {
        return Path.of(System.getProperty("examples.python", "src/main/python"));
    }

    /** @return a runtime with the examples' Python sources on its path */
    public static PythonRuntime runtime() {
        return PythonRuntime.builder().addPythonPath(sources()).build();
    }
}
