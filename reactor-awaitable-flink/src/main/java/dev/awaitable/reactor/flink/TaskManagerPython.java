package dev.awaitable.reactor.flink;

import java.util.HashMap;
import java.util.Map;

import org.apache.flink.util.FlinkUserCodeClassLoader;

import dev.awaitable.reactor.PythonRuntime;
import jep.Jep;

/**
 * The Python runtimes of this TaskManager JVM, shared by every subtask that asks for the same
 * {@link PythonJobOptions} and reference-counted: the first {@link #acquire} opens the runtime, the
 * last {@link Lease#release()} closes it. All of them embed the JVM's one CPython.
 *
 * <p>Jep's native library can be loaded by one class loader per JVM, and CPython initialised once. So
 * Jep and reactor-awaitable must come from the TaskManager's own class path (Flink's {@code lib/}),
 * not from a job's jar, which Flink loads child-first, once per job and again for each restart;
 * {@link #acquire} refuses to run otherwise, with the fix.
 */
public final class TaskManagerPython {

    private static final Map<PythonJobOptions, Shared> RUNTIMES = new HashMap<>(); // guarded by the class

    private TaskManagerPython() {
    }

    /** One subtask's share of a runtime. */
    public static final class Lease {

        private final PythonJobOptions options;
        private final PythonRuntime runtime;
        private boolean released; // guarded by this

        private Lease(PythonJobOptions options, PythonRuntime runtime) {
            this.options = options;
            this.runtime = runtime;
        }

        /** @return the shared runtime */
        public PythonRuntime runtime() {
            return runtime;
        }

        /** Gives the share back; the last one closes the runtime. Idempotent. */
        public void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            TaskManagerPython.release(options);
        }
    }

    private static final class Shared {
        final PythonRuntime runtime;
        int leases;

        Shared(PythonRuntime runtime) {
            this.runtime = runtime;
        }
    }

    /**
     * @return a share of the runtime for {@code options}, opened now if no subtask holds one
     * @throws IllegalStateException when Jep or reactor-awaitable was loaded by a job's class loader
     */
    public static Lease acquire(PythonJobOptions options) {
        requireTaskManagerClassPath();
        synchronized (TaskManagerPython.class) {
            Shared shared = RUNTIMES.get(options);
            if (shared == null || !shared.runtime.isHealthy()) {
                shared = new Shared(options.builder().build());
                RUNTIMES.put(options, shared);
            }
            shared.leases++;
            return new Lease(options, shared.runtime);
        }
    }

    private static void release(PythonJobOptions options) {
        PythonRuntime closing = null;
        synchronized (TaskManagerPython.class) {
            Shared shared = RUNTIMES.get(options);
            if (shared != null && --shared.leases == 0) {
                RUNTIMES.remove(options);
                closing = shared.runtime;
            }
        }
        if (closing != null) {
            closing.close();
        }
    }

    /** Refuses Jep and reactor-awaitable classes that a job's (child-first) class loader defined. */
    static void requireTaskManagerClassPath() {
        for (Class<?> type : new Class<?>[] {Jep.class, PythonRuntime.class}) {
            if (type.getClassLoader() instanceof FlinkUserCodeClassLoader) {
                throw new IllegalStateException(type.getName() + " was loaded from the job's jar by Flink's user-code "
                        + "class loader. Jep's native library can be loaded once per JVM, so a second job or a restart "
                        + "of this one in this TaskManager would fail. Put reactor-awaitable-flink and its dependencies "
                        + "(reactor-awaitable, reactor-awaitable-python, jep, reactor-core, reactive-streams) in Flink's "
                        + "lib/ directory, and add to the Flink configuration: "
                        + "classloader.parent-first-patterns.additional: " + PARENT_FIRST_PATTERNS);
            }
        }
    }

    /** What {@code classloader.parent-first-patterns.additional} must hold (a job jar that bundles them too is then harmless). */
    public static final String PARENT_FIRST_PATTERNS = "dev.awaitable.reactor.;jep.;reactor.;org.reactivestreams.";
}
