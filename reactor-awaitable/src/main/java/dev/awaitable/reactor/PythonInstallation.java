package dev.awaitable.reactor;

import java.nio.file.Path;

/**
 * What {@link PythonLocator} learned about one Python: where it is, how it was found, and where its
 * jep lives.
 *
 * @param executable the Python executable that was asked
 * @param foundBy how it was chosen (builder, system property, environment, .venv, PATH)
 * @param version {@code sys.version}, first word
 * @param interpreterPath {@code sys.executable} as that Python reports it (a venv's own {@code bin/python},
 *     not the interpreter its link points to): the embedded interpreter is started under this name, so
 *     it finds the same {@code pyvenv.cfg}, prefix and {@code sys.path}
 * @param jepDirectory the installed {@code jep} package directory, or {@code null} when jep is missing
 * @param jepVersion jep's version, or {@code null} when jep is missing
 */
record PythonInstallation(Path executable, String foundBy, String version, Path interpreterPath,
                          Path jepDirectory, String jepVersion) {

    /** @return the pip-built native library that Jep's Java side loads */
    Path jepLibrary() {
        return jepDirectory.resolve(System.mapLibraryName("jep"));
    }
}
