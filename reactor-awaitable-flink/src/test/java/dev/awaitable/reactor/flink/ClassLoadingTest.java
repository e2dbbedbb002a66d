package dev.awaitable.reactor.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose jar bundles reactor-awaitable (a fat job jar), as Flink loads it: child-first, by a class
 * loader of the job's own. Without the documented parent-first patterns the first record fails with
 * the fix; with them, the TaskManager's classes are used and jobs run one after another.
 */
class ClassLoadingTest {

    @TempDir
    static Path jarDirectory;

    /** reactor-awaitable and this module's classes, as a job's fat jar would hold them. */
    private static Path fatJobJar() throws IOException {
        Path jar = jarDirectory.resolve("job-with-reactor-awaitable.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String directory : System.getProperty("flink.test.jobJarClasses").split(",")) {
                Path root = Path.of(directory);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = root.relativize(file).toString().replace('\\', '/');
                        if (name.equals("module-info.class")) {
                            continue;
                        }
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    private static JobGraph jobWithFatJar() throws IOException {
        StreamExecutionEnvironment env = PythonAsyncFunctionTest.environment(new Configuration(), 1);
        AsyncDataStream.unorderedWait(env.fromSequence(0, 19), PythonAsyncFunction.of("flink_test.enrich:tag"),
                        10, TimeUnit.SECONDS, 5)
                .sinkTo(new DiscardingSink<>());
        JobGraph job = env.getStreamGraph().getJobGraph();
        job.addJar(new org.apache.flink.core.fs.Path(fatJobJar().toUri()));
        return job;
    }

    private static MiniCluster cluster(Configuration configuration) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(configuration)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
        cluster.start();
        return cluster;
    }

    @Test
    void aJobJarThatBundlesTheLibraryFailsNamingTheParentFirstPatterns() throws Exception {
        try (MiniCluster cluster = cluster(new Configuration())) {
            assertThatThrownBy(() -> cluster.executeJobBlocking(jobWithFatJar()))
                    .satisfies(error -> {
                        String causes = ExceptionUtils.stringifyException(error);
                        assertThat(causes).contains("loaded from the job's jar by Flink's user-code class loader")
                                .contains("classloader.parent-first-patterns.additional: " + TaskManagerPython.PARENT_FIRST_PATTERNS)
                                .contains("lib/");
                    });
        }
    }

    @Test
    void withTheParentFirstPatternsJobsWithTheFatJarRunOneAfterAnother() throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                List.of(TaskManagerPython.PARENT_FIRST_PATTERNS.split(";")));
        try (MiniCluster cluster = cluster(configuration)) {
            for (int job = 0; job < 2; job++) {
                assertThat(cluster.executeJobBlocking(jobWithFatJar()).isJobExecutionResult()).isTrue();
            }
        }
    }
}
