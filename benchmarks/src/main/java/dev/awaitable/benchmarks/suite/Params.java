package dev.awaitable.benchmarks.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A workload's sizes as passed to a child process: {@code key=value} arguments. */
final class Params {

    private final Map<String, String> values = new LinkedHashMap<>();

    static Params parse(List<String> args) {
        Params params = new Params();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            params.values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return params;
    }

    static List<String> format(Map<String, Number> values) {
        return values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    int integer(String key) {
        return Integer.parseInt(require(key));
    }

    double decimal(String key) {
        return Double.parseDouble(require(key));
    }

    private String require(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing workload parameter " + key + "=...");
        }
        return value;
    }
}
