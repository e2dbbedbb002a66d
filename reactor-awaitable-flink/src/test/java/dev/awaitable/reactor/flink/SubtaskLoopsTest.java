package dev.awaitable.reactor.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.awaitable.reactor.PythonRuntime;

/** Which loops a subtask's calls run on, and in what turn. */
class SubtaskLoopsTest {

    @Test
    void withAtLeastAsManySubtasksAsLoopsEachSubtaskHasOneLoop() {
        assertThat(SubtaskLoops.of(1, 2, 2, false).loops()).containsExactly(1);
        assertThat(SubtaskLoops.of(3, 4, 2, false).loops()).containsExactly(1);
        assertThat(SubtaskLoops.of(2, 4, 2, false).loops()).containsExactly(0);
    }

    @Test
    void withFewerSubtasksThanLoopsEveryLoopServesASubtaskSoParallelismOneUsesThemAll() {
        assertThat(SubtaskLoops.of(0, 1, 2, false).loops()).containsExactly(0, 1);
        assertThat(SubtaskLoops.of(0, 2, 3, false).loops()).containsExactly(0, 2);
        assertThat(SubtaskLoops.of(1, 2, 3, false).loops()).containsExactly(1);
        assertThat(SubtaskLoops.of(1, 2, 5, false).loops()).containsExactly(1, 3);
    }

    @Test
    void aSubtaskWithPythonStateKeepsToOneLoop() {
        assertThat(SubtaskLoops.of(0, 1, 4, true).loops()).containsExactly(0);
        assertThat(SubtaskLoops.of(5, 8, 4, true).loops()).containsExactly(1);
    }

    @Test
    void callsTakeTheSubtasksLoopsInTurn() {
        SubtaskLoops loops = SubtaskLoops.of(0, 1, 3, false);
        assertThat(new int[] {loops.next().get(PythonRuntime.LOOP), loops.next().get(PythonRuntime.LOOP),
                loops.next().get(PythonRuntime.LOOP), loops.next().get(PythonRuntime.LOOP)}).containsExactly(0, 1, 2, 0);
    }
}
