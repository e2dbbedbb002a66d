package dev.awaitable.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prepares the Python a project embeds with reactor-awaitable.
 *
 * <ol>
 *   <li>Makes a venv (by default {@code target/python-venv}) from {@link #python}, with jep at the
 *       library's version (its native part built here, against this Python and this JDK) and the
 *       {@link #packages} and {@link #requirementsFile}; it is kept while none of those changes.</li>
 *   <li>Records the venv's interpreter in {@code META-INF/reactor-awaitable/venv.properties} of the
 *       project's classes, where {@code PythonRuntime.create()} finds it.</li>
 *   <li>Packs the project's own Python modules ({@link #pythonSourceDirectory}) into the classes under
 *       {@code META-INF/reactor-awaitable/python/}, from where a runtime puts them on its {@code sys.path}
 *       (unpacked once per content when they are in a jar, as in a Spring Boot fat jar).</li>
 * </ol>
 */
@Mojo(name = "prepare", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public final class PrepareMojo extends AbstractMojo {

    /** The Python to build the venv from: 3.11 or newer, built with a shared libpython. */
    @Parameter(property = "reactorAwaitable.python", defaultValue = "python3")
    private String python;

    /** Python packages, as pip takes them ({@code aiohttp==3.12.15}, {@code httpx>=0.28}). */
    @Parameter
    private List<String> packages = new ArrayList<>();

    /** A pip requirements file, used when it exists. */
    @Parameter(property = "reactorAwaitable.requirements", defaultValue = "${project.basedir}/requirements.txt")
    private File requirementsFile;

    /** Where the venv is made. Outside {@code target/} it also outlives {@code mvn clean}. */
    @Parameter(property = "reactorAwaitable.venv", defaultValue = "${project.build.directory}/python-venv")
    private File venvDirectory;

    /** The project's own Python modules and packages. */
    @Parameter(defaultValue = "${project.basedir}/src/main/python")
    private File pythonSourceDirectory;

    /** The JDK jep's native part is built against. */
    @Parameter(defaultValue = "${java.home}")
    private File javaHome;

    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
    private File outputDirectory;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    /** Skips the goal. */
    @Parameter(property = "reactorAwaitable.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("reactor-awaitable: skipped");
            return;
        }
        try {
            File work = new File(buildDirectory, "reactor-awaitable");
            VenvMaker venv = new VenvMaker(python, jepVersion(), javaHome.toPath(), work.toPath(), getLog(), Map.of());
            File interpreter = venv.ensure(venvDirectory.toPath(), packages,
                    requirementsFile.isFile() ? requirementsFile.toPath() : null);
            ClasspathRecords.writeVenv(outputDirectory.toPath(), interpreter.toPath());
            int modules = ClasspathRecords.packPythonSources(pythonSourceDirectory.toPath(), outputDirectory.toPath());
            getLog().info("reactor-awaitable: Python " + interpreter + (modules > 0
                    ? ", " + modules + " file(s) from " + pythonSourceDirectory + " packed" : ""));
        } catch (IOException e) {
            throw new MojoExecutionException("reactor-awaitable: " + e.getMessage(), e);
        }
    }

    static String jepVersion() throws IOException {
        try (InputStream in = PrepareMojo.class.getResourceAsStream("plugin.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("jep.version");
        }
    }
}
