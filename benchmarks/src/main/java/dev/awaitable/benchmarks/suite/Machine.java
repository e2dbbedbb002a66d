package dev.awaitable.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

/** The machine and versions a run was measured on, recorded beside its results. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe(Path python) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("date", LocalDate.now().toString());
        machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("python", pythonVersion(python));
        machine.put("reactor-core", String.valueOf(Flux.class.getPackage().getImplementationVersion()));
        return machine;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String pythonVersion(Path python) {
        try {
            Process p = new ProcessBuilder(List.of(python.toString(), "-c",
                    "import sys, importlib.metadata as m; print('CPython', sys.version.split()[0], '/ jep', m.version('jep'))")).redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
