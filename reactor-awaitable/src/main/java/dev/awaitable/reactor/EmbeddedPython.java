package dev.awaitable.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jep.ClassList;
import jep.JepConfig;
import jep.MainInterpreter;
import jep.PyConfig;
import jep.SharedInterpreter;

/**
 * The one embedded CPython of this JVM.
 *
 * <p>Jep loads one native library and initialises CPython once per JVM; every runtime after the first
 * reuses that Python. A later runtime that asks for a different Python is refused with an
 * explanation rather than silently given the first one.
 */
final class EmbeddedPython {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPython.class);

    private static final String PACKAGE_MARKER = "reactor_awaitable/__init__.py";

    private static PythonInstallation started;

    private EmbeddedPython() {
    }

    /** @return the Jep version this library was built against (the pom's {@code jep.version}) */
    static String expectedJepVersion() {
        try (InputStream in = EmbeddedPython.class.getResourceAsStream("build.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("jep.version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("build.properties is missing from the reactor-awaitable jar", e);
        }
    }

    /**
     * Locates Python and initialises Jep on first use; later calls check they ask for the same Python.
     *
     * @param pythonExecutable the builder's choice, or {@code null} for the default search
     * @return the Python in use
     */
    static synchronized PythonInstallation start(Path pythonExecutable) {
        if (started != null) {
            if (pythonExecutable != null && !sameFile(pythonExecutable, started.executable())) {
                throw new IllegalStateException("This JVM already embeds the Python at " + started.executable()
                        + "; CPython can be embedded only once per JVM, so every PythonRuntime uses it. "
                        + "Remove pythonExecutable(" + pythonExecutable + ") or use the same Python.");
            }
            return started;
        }
        // Jep's default ClassEnquirer (which lets Python import Java packages) scans the classpath
        // once per JVM, 120-160 ms, and the first interpreter waits for it: start the scan now, so it
        // overlaps the probe's Python and the unpacking below.
        Thread classpathScan = new Thread(() -> {
            try {
                ClassList.getInstance();
            } catch (RuntimeException | Error e) {
                LOG.debug("scanning the classpath for Jep failed here; the first interpreter will report it", e);
            }
        }, "reactor-awaitable-classpath-scan");
        classpathScan.setDaemon(true);
        classpathScan.start();
        JepConfig config = new JepConfig();
        PythonInstallation python = PythonLocator.locate(pythonExecutable, expectedJepVersion(),
                () -> config.addIncludePaths(packagedSources().toString()));
        try {
            MainInterpreter.setJepLibraryPath(python.jepLibrary().toString());
            // Started under the chosen Python's own name, CPython computes what that Python would:
            // a venv's pyvenv.cfg, prefix and site-packages (and the base's only when the venv says
            // include-system-site-packages), so sys.path is that Python's and nothing else.
            MainInterpreter.setInitParams(new PyConfig().setProgramName(python.interpreterPath().toString()));
            SharedInterpreter.setConfig(config);
        } catch (jep.JepException e) {
            throw new IllegalStateException("Jep was already initialised in this JVM by other code; "
                    + "reactor-awaitable must configure it first (" + e.getMessage() + ")", e);
        }
        started = python;
        return python;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.equals(b);
        }
    }

    /**
     * The directory holding the {@code reactor_awaitable} package: the classpath directory itself when
     * it is one (a build tree), otherwise the package extracted from its jar into a temporary directory.
     */
    private static Path packagedSources() {
        URL marker = EmbeddedPython.class.getClassLoader().getResource(PACKAGE_MARKER);
        if (marker == null) {
            throw new IllegalStateException("The reactor_awaitable Python package is not on the classpath; "
                    + "add the dev.awaitable:reactor-awaitable-python jar next to reactor-awaitable.");
        }
        try {
            if ("file".equals(marker.getProtocol())) {
                return Paths.get(marker.toURI()).getParent().getParent();
            }
            JarURLConnection connection = (JarURLConnection) marker.openConnection();
            connection.setUseCaches(false);
            Path target = Files.createTempDirectory("reactor-awaitable-python");
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.isDirectory() || !entry.getName().startsWith("reactor_awaitable/")) {
                        continue;
                    }
                    Path out = target.resolve(entry.getName()).normalize();
                    Files.createDirectories(out.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the reactor_awaitable Python package", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
