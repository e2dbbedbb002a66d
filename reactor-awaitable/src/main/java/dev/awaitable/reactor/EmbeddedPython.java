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
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jep.ClassList;
import jep.Interpreter;
import jep.JepConfig;
import jep.MainInterpreter;
import jep.PyConfig;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

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
    private static volatile String packageDirectory; // on every interpreter's sys.path
    private static volatile List<Path> applicationModules = List.of();

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
        PythonInstallation python = PythonLocator.locate(pythonExecutable, expectedJepVersion(), () -> {
            packageDirectory = packagedSources().toString();
            config.addIncludePaths(packageDirectory);
            applicationModules = List.copyOf(ApplicationPython.moduleDirectories(PythonLocator.classLoader(),
                    Paths.get(System.getProperty("java.io.tmpdir"))));
        });
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
        LOG.info("Embedding Python {} from {} (found by {})", python.version(), python.executable(), python.foundBy());
        return python;
    }

    /**
     * The directories of the application's own Python modules that reactor-awaitable-maven-plugin
     * packed into its classes (unpacked from a jar once per content); empty without them. Read after
     * {@link #start}.
     */
    static List<Path> applicationModules() {
        return applicationModules;
    }

    /**
     * Opens an isolated sub-interpreter (its own GIL, its own modules) on the calling thread, which owns
     * it from then on. Python 3.12 or newer; {@link #start} first.
     */
    static Interpreter isolatedInterpreter() {
        JepConfig config = new JepConfig();
        config.addIncludePaths(packageDirectory);
        config.setSubInterpreterOptions(SubInterpreterOptions.isolated());
        SubInterpreter interpreter = new SubInterpreter(config);
        try {
            // First, before any import: see the script's docstring (a C module's init crashes the process).
            interpreter.set("_script", Paths.get(packageDirectory, "reactor_awaitable", "_isolated_imports.py").toString());
            interpreter.exec("with open(_script, encoding='utf-8') as _f:\n"
                    + "    exec(compile(_f.read(), _script, 'exec'), {'__name__': 'reactor_awaitable._isolated_imports.script'})\n"
                    + "del _script, _f");
            return interpreter;
        } catch (RuntimeException e) {
            interpreter.close();
            throw e;
        }
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
     * it is one (a build tree), otherwise the package extracted from its jar into a directory of the
     * temporary directory named by the package's content ({@code reactor-awaitable-python-<hash>}),
     * reused by every later JVM that embeds the same package, so starts leave nothing behind.
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
            try (JarFile jar = connection.getJarFile()) {
                return extracted(jar, Paths.get(System.getProperty("java.io.tmpdir")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the reactor_awaitable Python package", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The package's directory for this jar's content under {@code tmp} (see {@link UnpackedDirectory}). */
    static Path extracted(JarFile jar, Path tmp) throws IOException {
        List<JarEntry> entries = jar.stream()
                .filter(entry -> !entry.isDirectory() && entry.getName().startsWith("reactor_awaitable/"))
                .sorted(java.util.Comparator.comparing(JarEntry::getName))
                .toList();
        java.util.zip.CRC32 content = new java.util.zip.CRC32();
        for (JarEntry entry : entries) {
            content.update(entry.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            content.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(0, entry.getCrc()));
        }
        List<String> files = new java.util.ArrayList<>();
        files.add(PACKAGE_MARKER);
        entries.stream().map(JarEntry::getName).filter(name -> !name.equals(PACKAGE_MARKER)).forEach(files::add);
        return UnpackedDirectory.ensure(tmp, "reactor-awaitable-python-" + Long.toHexString(content.getValue()) + "-"
                + entries.size(), files, name -> jar.getInputStream(jar.getEntry(name)));
    }
}
