package dev.awaitable.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the Python to embed and asks it where jep and its site-packages are.
 *
 * <p>Order: the builder's {@code pythonExecutable}, the system property {@value #PROPERTY}, the
 * environment variable {@value #ENVIRONMENT}, the venv {@code reactor-awaitable-maven-plugin} recorded
 * in the application's classes, a {@code .venv} in the working directory or one of its parents, then
 * {@code python3} on the {@code PATH}.
 */
final class PythonLocator {

    static final String PROPERTY = "reactor.awaitable.python";
    static final String ENVIRONMENT = "REACTOR_AWAITABLE_PYTHON";

    /** Printed by the chosen Python; one key=value a line. Finding jep does not import it. */
    private static final String PROBE = String.join("\n",
            "import importlib.util, os, sys, sysconfig",
            "spec = importlib.util.find_spec('jep')",
            "jep_dir = os.path.dirname(spec.origin) if spec and spec.origin else ''",
            "jep_version = ''",
            "if jep_dir:",
            "    ns = {}",
            "    exec(open(os.path.join(jep_dir, 'version.py')).read(), ns)",
            "    jep_version = ns.get('__VERSION__', '')",
            "print('version=' + sys.version.split()[0])",
            "print('shared=' + str(sysconfig.get_config_var('Py_ENABLE_SHARED') or 0))",
            "print('executable=' + sys.executable)",
            "print('jep_dir=' + jep_dir)",
            "print('jep_version=' + jep_version)",
            // The libpython this Python runs on, and the one jep's native library is linked to (ldd):
            // a jep built for another Python of the same version (pip's wheel cache keys it by tag
            // only) would run that Python's interpreter over this one's library directory.
            "libdir, soname = sysconfig.get_config_var('LIBDIR'), sysconfig.get_config_var('INSTSONAME')",
            "own = os.path.realpath(os.path.join(libdir, soname)) if libdir and soname else ''",
            "linked = ''",
            "libjep = os.path.join(jep_dir, 'libjep.so') if jep_dir else ''",
            "if own and os.path.isfile(libjep):",
            "    import subprocess",
            "    try:",
            "        out = subprocess.run(['ldd', libjep], capture_output=True, text=True, timeout=10).stdout",
            "    except (OSError, subprocess.SubprocessError):",
            "        out = ''",
            "    for line in out.splitlines():",
            "        name, _, where = line.strip().partition(' => ')",
            "        if name == soname and where.startswith('/'):",
            "            linked = os.path.realpath(where.rsplit(' (', 1)[0])",
            "print('libpython=' + own)",
            "print('jep_libpython=' + linked)");

    private PythonLocator() {
    }

    /**
     * Finds and probes the Python to embed.
     *
     * @param fromBuilder the builder's choice, or {@code null}
     * @param whileProbing runs on the calling thread while the probe's Python starts up in its own
     *     process (tens of milliseconds that other start-up work can use)
     * @throws IllegalStateException when no Python is found, it cannot run, or it lacks jep; the
     *     message names the Python that was tried and the command that fixes it
     */
    static PythonInstallation locate(Path fromBuilder, String expectedJepVersion, Runnable whileProbing) {
        String[] chosen = choose(fromBuilder);
        Path executable = Paths.get(chosen[0]);
        String foundBy = chosen[1];
        Map<String, String> facts = probe(executable, foundBy, whileProbing);
        String jepDir = facts.getOrDefault("jep_dir", "");
        String jepVersion = facts.getOrDefault("jep_version", "");
        String fix = "Fix: `JAVA_HOME=<a JDK> " + executable + " -m pip install jep==" + expectedJepVersion
                + "`, or point " + ENVIRONMENT + " (or -D" + PROPERTY + ") at a Python that has it; building "
                + "this project once (mvn -DskipTests install) creates a .venv with it.";
        if (!"1".equals(facts.get("shared"))) {
            throw new IllegalStateException("The Python at " + executable + " (found by " + foundBy
                    + ") was built without a shared libpython, which Jep needs to embed it. Use a Python "
                    + "built with --enable-shared (Debian's python3, or pyenv with "
                    + "PYTHON_CONFIGURE_OPTS=--enable-shared).");
        }
        if (jepDir.isEmpty()) {
            throw new IllegalStateException("jep is not installed in the Python at " + executable
                    + " (found by " + foundBy + "). " + fix);
        }
        if (!jepVersion.equals(expectedJepVersion)) {
            throw new IllegalStateException("The Python at " + executable + " (found by " + foundBy
                    + ") has jep " + jepVersion + ", but this library uses the jep " + expectedJepVersion
                    + " jar; the native part and the jar must match. " + fix);
        }
        String own = facts.getOrDefault("libpython", "");
        String linked = facts.getOrDefault("jep_libpython", "");
        if (!own.isEmpty() && !linked.isEmpty() && !own.equals(linked)) {
            throw new IllegalStateException("jep in the Python at " + executable + " (found by " + foundBy
                    + ") was built for another Python: its native library loads " + linked + ", but this Python "
                    + facts.get("version") + " runs on " + own + " (a jep wheel from pip's cache, built for another "
                    + "Python of the same version). Fix: `JAVA_HOME=<a JDK> " + executable
                    + " -m pip install --no-cache-dir --force-reinstall jep==" + expectedJepVersion + "`.");
        }
        PythonInstallation found = new PythonInstallation(executable, foundBy, facts.get("version"),
                Paths.get(facts.getOrDefault("executable", executable.toString())), Paths.get(jepDir), jepVersion);
        if (!Files.isRegularFile(found.jepLibrary())) {
            throw new IllegalStateException("jep in " + executable + " has no native library at "
                    + found.jepLibrary() + "; reinstall it. " + fix);
        }
        return found;
    }

    private static String[] choose(Path fromBuilder) {
        if (fromBuilder != null) {
            return new String[] {fromBuilder.toString(), "PythonRuntime.builder().pythonExecutable(...)"};
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new String[] {property, "system property " + PROPERTY};
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return new String[] {env, "environment variable " + ENVIRONMENT};
        }
        Optional<ApplicationPython.Recorded> recorded = ApplicationPython.recordedVenv(classLoader());
        if (recorded.isPresent()) {
            Path python = recorded.get().python();
            if (!Files.isExecutable(python)) {
                throw new IllegalStateException("The Python venv that reactor-awaitable-maven-plugin recorded at build "
                        + "time (" + python + ", in " + recorded.get().record() + ") is not on this machine. Fix: "
                        + "build the application where it runs (or at the same path), or name a Python with jep "
                        + "with -D" + PROPERTY + " or " + ENVIRONMENT + ".");
            }
            return new String[] {python.toString(), "the venv reactor-awaitable-maven-plugin made"};
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path venvPython = dir.resolve(".venv").resolve("bin").resolve("python");
            if (Files.isExecutable(venvPython)) {
                return new String[] {venvPython.toString(), "the .venv in " + dir};
            }
        }
        return new String[] {"python3", "python3 on the PATH"};
    }

    /** The application's class loader (the context one, e.g. a fat jar's), else the library's. */
    static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : PythonLocator.class.getClassLoader();
    }

    private static Map<String, String> probe(Path executable, String foundBy, Runnable whileProbing) {
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "-c", PROBE).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run the Python at " + executable + " (found by " + foundBy
                    + "): " + e.getMessage() + ". Install Python 3.11+ built with a shared libpython, or point "
                    + ENVIRONMENT + " at one.", e);
        }
        try {
            whileProbing.run();
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The Python at " + executable + " did not answer within 30 s");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read from the Python at " + executable + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + executable + " about jep", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("The Python at " + executable + " (found by " + foundBy
                    + ") failed (exit " + process.exitValue() + "):\n" + output);
        }
        Map<String, String> facts = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return facts;
    }
}
