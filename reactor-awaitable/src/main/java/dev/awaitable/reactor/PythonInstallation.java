package dev.awaitable.reactor;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PythonLocator} learned about one Python: where it is, how it was found, and where its
 * jep lives.
 *
 * @param executable the Python executable that was asked
 * @param foundBy how it was chosen (builder, system property, environment, .venv, PATH)
 * @param version {@code sys.version}, first word
 * @param sitePackages the site-packages directories to put on {@code sys.path}
 * @param jepDirectory the installed {@code jep} package directory, or {@code null} when jep is missing
 * @param jepVersion jep's version, or {@code null} when jep is missing
 */
record PythonInstallation(Path executable, String foundBy, String version, List<Path> sitePackages,
                          Path jepDirectory, String jepVersion) {

    /** @return the pip-built native library that Jep's Java side loads */
    Path jepLibrary() {
        return jepDirectory.resolve(System.mapLibraryName("jep"));
    }
}
