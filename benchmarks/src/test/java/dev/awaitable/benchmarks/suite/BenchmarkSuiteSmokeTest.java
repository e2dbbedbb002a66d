package dev.awaitable.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite's quick mode, end to end: every workload through every contender that runs it,
 * each in its own process (the I/O workloads against the suite's server process), then the three
 * result files. Its figures are not checked (this is a shared machine);
 * that every contender produced its figure, and the files, are.
 */
class BenchmarkSuiteSmokeTest {

    @Test
    void quickModeMeasuresEveryWorkloadThroughItsContendersAndWritesTheResults(@TempDir Path out) throws Exception {
        BenchmarkSuite.main(new String[] {"--quick", "--out", out.toString()});

        String json = Files.readString(out.resolve("results.json"));
        Matcher medians = Pattern.compile("\"label\": \"[^\"]+\", \"median\": ([^,]+),").matcher(json);
        int found = 0;
        while (medians.find()) {
            assertFalse(medians.group(1).equals("null"), "a contender produced no figure:\n" + json);
            found++;
        }
        // W11 is left out on a machine without the Python 3.12 matrix leg.
        long pairs = Arrays.stream(Workload.values()).filter(w -> w != Workload.W11 || BenchmarkSuite.ownGilPythonPresent())
                .mapToLong(w -> Arrays.stream(Contender.values()).filter(w::runsOn).count()).sum();
        assertEquals(pairs, found, json);
        assertTrue(json.contains("\"targets\""), json);

        String table = Files.readString(out.resolve("results.md"));
        for (Workload workload : Workload.values()) {
            if (workload != Workload.W11 || BenchmarkSuite.ownGilPythonPresent()) {
                assertTrue(table.contains("| " + workload.name() + " " + workload.title), table);
            }
        }
        // W3's CPU is judged against the floor measured beside it in the library's process.
        assertTrue(Pattern.compile("CPU [0-9.]+× the floor in its process, [0-9.]+× polling \\([0-9.]+× less the JIT compiler's time in the measured runs\\)")
                .matcher(table).find(), table);
        assertTrue(Pattern.compile("floor in the library's process, the CPU target's reference \\([^)]*\\): wall [0-9.]+× ideal, CPU [0-9.]+× polling")
                .matcher(table).find(), table);
        byte[] png = Files.readAllBytes(out.resolve("chart.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    }
}
