package dev.awaitable.benchmarks.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The flat {@code {"name": number}} objects the child processes print, written and read. */
final class Json {

    private static final Pattern ENTRY = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?[0-9.eE+-]+|NaN)");

    private Json() {
    }

    static String flatObject(Map<String, Double> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(v.isNaN() || v.isInfinite() ? "null" : String.valueOf(v)));
        return out.append('}').toString();
    }

    static Map<String, Double> parseFlatObject(String json) {
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(json);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
