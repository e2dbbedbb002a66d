package dev.awaitable.reactor.flink;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.awaitable.reactor.PythonRuntime;

/**
 * The job's global parameters that configure the TaskManager's Python runtime. Set them with
 * {@code env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(Map.of(...)))}; all are optional.
 *
 * <ul>
 *   <li>{@value #EXECUTABLE}: the Python to embed (a venv's {@code bin/python} with jep installed);
 *       otherwise found as {@link PythonRuntime.Builder#pythonExecutable} describes;</li>
 *   <li>{@value #PATHS}: directories put in front of {@code sys.path}, separated by {@code ,};</li>
 *   <li>{@value #LOOP_THREADS}: loop threads of the runtime (default 1); the TaskManager's slot count
 *       ({@code taskmanager.numberOfTaskSlots}) with isolated loops, so that each subtask has a loop and
 *       a GIL of its own;</li>
 *   <li>{@value #ISOLATED_LOOPS}: {@code true} to give each loop thread its own sub-interpreter and
 *       GIL ({@link PythonRuntime.Builder#isolatedLoops(int)}, Python 3.12+; default false).</li>
 * </ul>
 *
 * @param executable the Python executable, or null for the default search
 * @param paths directories for {@code sys.path}
 * @param loopThreads loop threads
 * @param isolatedLoops whether each loop thread has an interpreter and a GIL of its own
 */
public record PythonJobOptions(String executable, List<String> paths, int loopThreads, boolean isolatedLoops) {

    /** The Python executable to embed. */
    public static final String EXECUTABLE = "reactor-awaitable.python.executable";
    /** Directories for {@code sys.path}, comma-separated. */
    public static final String PATHS = "reactor-awaitable.python.paths";
    /** Loop threads of the runtime. */
    public static final String LOOP_THREADS = "reactor-awaitable.loop-threads";
    /** {@code true}: each loop thread on its own sub-interpreter and GIL (Python 3.12+). */
    public static final String ISOLATED_LOOPS = "reactor-awaitable.isolated-loops";

    /** Every key these options read. */
    static final List<String> KEYS = List.of(EXECUTABLE, PATHS, LOOP_THREADS, ISOLATED_LOOPS);

    /**
     * @param parameters the job's global parameters
     * @throws IllegalArgumentException when {@value #LOOP_THREADS} is not a positive number
     */
    public static PythonJobOptions from(Map<String, String> parameters) {
        String executable = parameters.get(EXECUTABLE);
        String paths = parameters.getOrDefault(PATHS, "");
        String loops = parameters.getOrDefault(LOOP_THREADS, "1");
        int loopThreads;
        try {
            loopThreads = Integer.parseInt(loops.trim());
        } catch (NumberFormatException e) {
            loopThreads = 0;
        }
        if (loopThreads < 1) {
            throw new IllegalArgumentException(LOOP_THREADS + " must be a positive number, was '" + loops + "'");
        }
        String isolated = parameters.getOrDefault(ISOLATED_LOOPS, "false").trim();
        if (!isolated.equals("true") && !isolated.equals("false")) {
            throw new IllegalArgumentException(ISOLATED_LOOPS + " must be true or false, was '" + isolated + "'");
        }
        return new PythonJobOptions(executable == null || executable.isBlank() ? null : executable.trim(),
                Arrays.stream(paths.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList(), loopThreads,
                isolated.equals("true"));
    }

    /** @return a builder of the runtime these options describe */
    PythonRuntime.Builder builder() {
        PythonRuntime.Builder builder = isolatedLoops ? PythonRuntime.builder().isolatedLoops(loopThreads)
                : PythonRuntime.builder().loopThreads(loopThreads);
        if (executable != null) {
            builder.pythonExecutable(Path.of(executable));
        }
        for (String path : paths) {
            builder.addPythonPath(Path.of(path));
        }
        return builder;
    }
}
