package dev.awaitable.reactor.flink;

import dev.awaitable.reactor.PythonRuntime;
import reactor.util.context.Context;

/**
 * The loops of the TaskManager's runtime that one subtask's calls run on, so that parallelism spreads
 * over the loops as PyFlink's subtasks spread over worker processes: with at least as many subtasks
 * as loops, subtask {@code i} has loop {@code i mod loops} to itself (or shares it with
 * {@code i + loops}, ...); with fewer, loop {@code j} serves subtask {@code j mod parallelism}, so
 * parallelism 1 still uses every loop. A subtask with a per-subtask lifecycle keeps to one loop, as
 * what its {@code open} made (a client, a session) belongs to that loop and, with isolated loops, to
 * that interpreter.
 *
 * <p>Not thread-safe: Flink calls a subtask's function from its one mailbox thread.
 */
final class SubtaskLoops {

    private final Context[] contexts;
    private int next;

    private SubtaskLoops(Context[] contexts) {
        this.contexts = contexts;
    }

    /**
     * @param subtask the subtask's index
     * @param parallelism the operator's parallelism
     * @param loops the runtime's loop threads
     * @param oneLoop whether the subtask must keep to one loop
     */
    static SubtaskLoops of(int subtask, int parallelism, int loops, boolean oneLoop) {
        if (oneLoop || parallelism >= loops) {
            return new SubtaskLoops(new Context[] {Context.of(PythonRuntime.LOOP, subtask % loops)});
        }
        int count = (loops - subtask + parallelism - 1) / parallelism; // loops j < loops with j mod parallelism == subtask
        Context[] contexts = new Context[count];
        for (int k = 0; k < count; k++) {
            contexts[k] = Context.of(PythonRuntime.LOOP, subtask + k * parallelism);
        }
        return new SubtaskLoops(contexts);
    }

    /** @return the context that places this subtask's next call: its loops in turn */
    Context next() {
        Context context = contexts[next];
        next = next + 1 == contexts.length ? 0 : next + 1;
        return context;
    }

    /** @return the indexes of this subtask's loops */
    int[] loops() {
        int[] indexes = new int[contexts.length];
        for (int k = 0; k < contexts.length; k++) {
            indexes[k] = contexts[k].get(PythonRuntime.LOOP);
        }
        return indexes;
    }
}
