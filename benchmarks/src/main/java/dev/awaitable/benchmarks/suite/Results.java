package dev.awaitable.benchmarks.suite;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every measurement of a suite run, their medians and spread, the ratios, and the targets checked. */
final class Results {

    /** A target of the library's, checked against the medians. */
    record Target(Workload workload, String text, boolean met, String measured) {
    }

    final boolean quick;
    final int reps;
    final Map<String, String> machine;
    private final Map<Workload, Map<Contender, List<Map<String, Double>>>> runs = new EnumMap<>(Workload.class);

    Results(boolean quick, int reps, Map<String, String> machine) {
        this.quick = quick;
        this.reps = reps;
        this.machine = machine;
    }

    void add(Workload workload, Contender contender, Map<String, Double> metrics) {
        runs.computeIfAbsent(workload, w -> new EnumMap<>(Contender.class))
                .computeIfAbsent(contender, c -> new ArrayList<>()).add(metrics);
    }

    List<Workload> workloads() {
        return List.copyOf(runs.keySet());
    }

    private double[] values(Workload workload, Contender contender, String metric) {
        return runs.getOrDefault(workload, Map.of()).getOrDefault(contender, List.of()).stream()
                .filter(m -> m.containsKey(metric)).mapToDouble(m -> m.get(metric)).sorted().toArray();
    }

    /** Median of a metric over the repetitions, NaN when no repetition produced it. */
    double median(Workload workload, Contender contender, String metric) {
        return ProcessMeasures.median(values(workload, contender, metric));
    }

    double median(Workload workload, Contender contender) {
        return median(workload, contender, workload.metric);
    }

    /**
     * How many times better than pure asyncio a contender is on a workload's metric (above 1 =
     * better): the median of the ratios of each repetition, whose runs were interleaved and so close
     * in time, which keeps a change of the machine's load between repetitions out of the ratio.
     */
    double relativeToAsyncio(Workload workload, Contender contender) {
        return relativeTo(workload, contender, Contender.PURE_ASYNCIO);
    }

    /** As {@link #relativeToAsyncio}, against another contender. */
    double relativeTo(Workload workload, Contender contender, Contender referenceContender) {
        List<Map<String, Double>> runs = this.runs.getOrDefault(workload, Map.of()).getOrDefault(contender, List.of());
        List<Map<String, Double>> reference = this.runs.getOrDefault(workload, Map.of())
                .getOrDefault(referenceContender, List.of());
        double[] ratios = new double[Math.min(runs.size(), reference.size())];
        int n = 0;
        for (int rep = 0; rep < ratios.length; rep++) {
            Double value = runs.get(rep).get(workload.metric);
            Double base = reference.get(rep).get(workload.metric);
            if (value != null && base != null) {
                ratios[n++] = workload.higherIsBetter ? value / base : base / value;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = java.util.Arrays.copyOf(ratios, n);
        java.util.Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        Contender lib = Contender.LIBRARY;
        for (Workload w : workloads()) {
            switch (w) {
                case W1, W4 -> {
                    double ratio = relativeToAsyncio(w, lib);
                    double needed = w == Workload.W1 ? 0.9 : 0.3;
                    targets.add(new Target(w, w.target, ratio >= needed, fmt(ratio) + "× pure asyncio"));
                }
                case W2 -> {
                    double vsAsyncio = relativeToAsyncio(w, lib);
                    double vsByHand = median(w, lib) / median(w, Contender.JEP_BY_HAND);
                    double polling = median(w, Contender.POLLING);
                    double mapVsPolling = median(w, lib, "callsPerSecondThroughMap") / polling;
                    targets.add(new Target(w, w.target, vsAsyncio >= 0.5 && vsByHand >= 10 && mapVsPolling >= 1.0,
                            fmt(vsAsyncio) + "× pure asyncio, " + fmt(vsByHand) + "× Jep by hand; through AwaitableFlux.map "
                              + fmt(median(w, lib, "callsPerSecondThroughMap")) + " calls/s = " + fmt(mapVsPolling)
                              + "× the polling driver (one mono per call under flatMap: " + fmt(median(w, lib) / polling) + "×)"));
                }
                case W3 -> {
                    double ideal = median(w, lib, "idealSeconds");
                    double polling = median(w, Contender.POLLING, "cpuSeconds");
                    double wall = median(w, lib) / ideal;
                    double cpu = median(w, lib, "cpuSeconds") / polling;
                    String beside = besideW3(w, lib, "boundInPython", "with the bound inside Python (not checked)", ideal, polling)
                            + besideW3(w, lib, "floorInProcess", "floor in the library's process, the CPU target's reference (the same "
                              + "coroutines as asyncio tasks on its loop and workers, started by one call; no per-call Java or library work)",
                              ideal, polling);
                    String asyncio = "; pure asyncio: wall " + fmt(median(w, Contender.PURE_ASYNCIO) / ideal)
                            + "× ideal, CPU " + fmt(median(w, Contender.PURE_ASYNCIO, "cpuSeconds") / polling) + "× polling";
                    // The CPU is judged against the floor measured beside it in the library's process.
                    double vsFloor = median(w, lib, "cpuSeconds") / median(w, lib, "floorInProcessCpuSeconds");
                    String lessJit = Double.isNaN(median(w, lib, "cpuLessJitSeconds")) ? ""
                            : " (" + fmt(median(w, lib, "cpuLessJitSeconds") / median(w, Contender.POLLING, "cpuLessJitSeconds"))
                              + "× less the JIT compiler's time in the measured runs)";
                    targets.add(new Target(w, w.target, wall <= 1.15 && vsFloor <= 1.3,
                            "wall " + fmt(wall) + "× ideal, CPU " + fmt(vsFloor) + "× the floor in its process, "
                              + fmt(cpu) + "× polling" + lessJit + beside + asyncio));
                }
                case W5 -> {
                    double bytes = median(w, lib);
                    targets.add(new Target(w, w.target, bytes <= 4096, fmt(bytes) + " bytes per coroutine"));
                }
                case W6 -> {
                    double med = median(w, lib);
                    double p99 = median(w, lib, "p99Micros");
                    targets.add(new Target(w, w.target, med <= 50 && p99 <= 500,
                            "median " + fmt(med) + " µs, p99 " + fmt(p99) + " µs"));
                }
                case W8 -> {
                    double vsAsyncio = relativeToAsyncio(w, lib);
                    double vsUvloop = relativeTo(w, lib, Contender.UVLOOP);
                    targets.add(new Target(w, w.target, vsAsyncio >= 0.9 && vsUvloop >= 0.9,
                            fmt(vsAsyncio) + "× pure asyncio, " + fmt(vsUvloop) + "× uvloop (" + fmt(median(w, lib))
                            + " requests/s)"));
                }
                case W9 -> {
                    double timeVsAsyncio = 1 / relativeToAsyncio(w, lib);
                    targets.add(new Target(w, w.target, timeVsAsyncio <= 1.1, fmt(timeVsAsyncio)
                            + "× pure asyncio's time (" + fmt(median(w, lib)) + " µs; uvloop "
                            + fmt(median(w, Contender.UVLOOP)) + " µs)"));
                }
                case W15 -> {
                    double vsAsyncio = relativeToAsyncio(w, lib);
                    targets.add(new Target(w, w.target, vsAsyncio >= 0.9, fmt(vsAsyncio) + "× pure asyncio, "
                            + fmt(relativeTo(w, lib, Contender.UVLOOP)) + "× uvloop (" + fmt(median(w, lib)) + " requests/s)"));
                }
                case W10 -> {
                    double slowest = median(w, lib);
                    double vsAsyncio = relativeToAsyncio(w, lib);
                    StringBuilder widths = new StringBuilder();
                    for (int width : Workload.MAP_WIDTHS) {
                        widths.append(widths.length() == 0 ? "" : ", ").append(String.format("%,d", width)).append(": ")
                                .append(fmt(median(w, lib, "callsPerSecondAt" + width))).append(" (pure asyncio ")
                                .append(fmt(median(w, Contender.PURE_ASYNCIO, "callsPerSecondAt" + width))).append(')');
                    }
                    targets.add(new Target(w, w.target, slowest >= 50_000 && vsAsyncio >= 1.0, fmt(slowest)
                            + " calls/s at the slowest width, " + fmt(vsAsyncio) + "× pure asyncio; calls/s by width "
                            + widths));
                }
                case W11 -> {
                    double isolated = median(w, lib);
                    targets.add(new Target(w, w.target, isolated >= 1.7, fmt(isolated) + "× one loop ("
                            + fmt(median(w, lib, "stepsPerSecondIsolated2")) + " against " + fmt(median(w, lib, "stepsPerSecondOneLoop"))
                            + " steps/s); 2 shared loops " + fmt(median(w, lib, "sharedSpeedup")) + "× one loop"));
                }
                case W12 -> {
                    double speedup = median(w, lib);
                    targets.add(new Target(w, w.target, speedup >= 2, fmt(speedup) + "× the JSON path ("
                            + fmt(median(w, lib, "callsPerSecondRich")) + " against " + fmt(median(w, lib, "callsPerSecondJson"))
                            + " calls/s)"));
                }
                case W13 -> {
                    double speedup = median(w, lib);
                    double gigabytes = median(w, lib, "bigArrayGigabytesPerSecond");
                    targets.add(new Target(w, w.target, speedup >= 10 && gigabytes >= 1, fmt(speedup) + "× the .tolist() path ("
                            + fmt(median(w, lib, "callsPerSecondArray")) + " against " + fmt(median(w, lib, "callsPerSecondToList"))
                            + " calls/s, " + fmt(median(w, lib, "megabytesPerSecondArray")) + " MB/s); 50 MB at "
                            + fmt(gigabytes) + " GB/s"));
                }
                case W14 -> {
                    double untraced = median(w, lib, "callsPerSecondUntraced");
                    targets.add(new Target(w, w.target, true, "untraced " + fmt(untraced) + " calls/s ("
                            + fmt(untraced / median(Workload.W2, lib)) + "× W2's library figure, which ran without the "
                            + "OpenTelemetry API); traced " + fmt(median(w, lib, "callsPerSecondTraced")) + " calls/s, "
                            + fmt(median(w, lib)) + "× untraced"));
                }
                case W7 -> {
                    double ms = median(w, lib, "startupMillis");
                    targets.add(new Target(w, w.target, ms <= 500, fmt(ms) + " ms (process start to first result "
                            + fmt(median(w, lib)) + " ms)"));
                }
            }
        }
        return targets;
    }

    /** "; {@code label} (not checked): wall ..., CPU ..." for a shape of W3 measured beside it, or "" when absent. */
    private String besideW3(Workload w, Contender contender, String name, String label, double ideal, double polling) {
        if (Double.isNaN(median(w, contender, name + "Seconds"))) {
            return "";
        }
        return "; " + label + ": wall " + fmt(median(w, contender, name + "Seconds") / ideal) + "× ideal, CPU "
                + fmt(median(w, contender, name + "CpuSeconds") / polling) + "× polling";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String pattern = a >= 1000 ? "%,.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }

    private String cell(Workload w, Contender c) {
        if (!w.runsOn(c)) {
            return "–";
        }
        if (runs.get(w).getOrDefault(c, List.of()).isEmpty()) {
            return "not run";
        }
        double[] v = values(w, c, w.metric);
        if (v.length == 0) {
            return "failed";
        }
        String median = fmt(median(w, c));
        return v.length == 1 ? median : median + " (" + fmt(v[0]) + "–" + fmt(v[v.length - 1]) + ")";
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("| Workload | Metric |");
        for (Contender c : Contender.values()) {
            md.append(' ').append(c.label).append(" |");
        }
        md.append(" reactor-awaitable vs pure asyncio |\n|---|---|");
        md.append("---:|".repeat(Contender.values().length)).append("---:|\n");
        for (Workload w : workloads()) {
            md.append("| ").append(w.name()).append(' ').append(w.title).append(" | ").append(w.unit)
                    .append(w.higherIsBetter ? " (higher is better)" : " (lower is better)").append(" |");
            for (Contender c : Contender.values()) {
                md.append(' ').append(cell(w, c)).append(" |");
            }
            md.append(' ').append(fmt(relativeToAsyncio(w, Contender.LIBRARY))).append("× |\n");
        }
        md.append("\nMedian of ").append(reps).append(reps == 1 ? " run" : " runs").append(" (min–max). The last column is how many ")
                .append("times better than pure asyncio the library is (above 1 = better): the median of the ratios of ")
                .append("each repetition, whose runs were interleaved.\n\n");
        md.append(uvloopKindTable());
        md.append("| Target | Required | Measured | Met |\n|---|---|---|---|\n");
        for (Target t : targets()) {
            md.append("| ").append(t.workload().name()).append(" | ").append(t.text()).append(" | ")
                    .append(t.measured()).append(" | ").append(t.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nMachine: ");
        machine.forEach((k, v) -> md.append(k).append(' ').append(v).append("; "));
        md.setLength(md.length() - 2);
        md.append(quick ? ".\nQuick mode (a tenth of each size, one run): a smoke run, not results.\n" : ".\n");
        return md.toString();
    }

    /**
     * The uvloop kind beside what it is judged against: plain uvloop on the I/O workloads, the default
     * kind on the others (each the median of the per-repetition ratios, above 1 = better).
     */
    private String uvloopKindTable() {
        Contender kind = Contender.LIBRARY_UVLOOP;
        StringBuilder md = new StringBuilder();
        for (Workload w : workloads()) {
            if (runs.get(w).containsKey(kind)) {
                md.append("| ").append(w.name()).append(' ').append(w.title).append(" | ").append(fmt(median(w, kind)))
                        .append(' ').append(w.unit).append(" | ").append(fmt(relativeTo(w, kind, Contender.LIBRARY)))
                        .append("× | ").append(w.usesIoServer() ? fmt(relativeTo(w, kind, Contender.UVLOOP)) + "×" : "—")
                        .append(" | ").append(fmt(relativeToAsyncio(w, kind))).append("× |\n");
            }
        }
        if (md.length() == 0) {
            return "";
        }
        return "| The uvloop kind | Measured | vs the default kind | vs uvloop in python3 | vs pure asyncio |\n"
                + "|---|---:|---:|---:|---:|\n" + md + "\n";
    }

    String toJson() {
        StringBuilder json = new StringBuilder("{\n  \"quick\": ").append(quick).append(",\n  \"repetitions\": ").append(reps);
        json.append(",\n  \"machine\": {");
        List<String> entries = new ArrayList<>();
        machine.forEach((k, v) -> entries.add(Json.quote(k) + ": " + Json.quote(v)));
        json.append(String.join(", ", entries)).append("},\n  \"workloads\": [");
        List<String> blocks = new ArrayList<>();
        for (Workload w : workloads()) {
            StringBuilder b = new StringBuilder("\n    {\"id\": ").append(Json.quote(w.name()))
                    .append(", \"title\": ").append(Json.quote(w.title))
                    .append(", \"description\": ").append(Json.quote(w.description))
                    .append(", \"metric\": ").append(Json.quote(w.metric))
                    .append(", \"higherIsBetter\": ").append(w.higherIsBetter)
                    .append(", \"params\": ").append(Json.quote(String.join(" ", Params.format(w.params(quick)))))
                    .append(",\n     \"contenders\": {");
            List<String> cs = new ArrayList<>();
            for (Contender c : Contender.values()) {
                if (!w.runsOn(c)) {
                    continue;
                }
                List<String> runsJson = runs.get(w).getOrDefault(c, List.of()).stream().map(Json::flatObject).toList();
                cs.add("\n       " + Json.quote(c.name()) + ": {\"label\": " + Json.quote(c.label)
                        + ", \"median\": " + jsonNumber(median(w, c))
                        + ", \"relativeToAsyncio\": " + jsonNumber(relativeToAsyncio(w, c))
                        + ", \"runs\": [" + String.join(", ", runsJson) + "]}");
            }
            b.append(String.join(",", cs)).append("}}");
            blocks.add(b.toString());
        }
        json.append(String.join(",", blocks)).append("\n  ],\n  \"targets\": [");
        List<String> ts = new ArrayList<>();
        for (Target t : targets()) {
            ts.add("\n    {\"workload\": " + Json.quote(t.workload().name()) + ", \"required\": " + Json.quote(t.text())
                    + ", \"measured\": " + Json.quote(t.measured()) + ", \"met\": " + t.met() + "}");
        }
        return json.append(String.join(",", ts)).append("\n  ]\n}\n").toString();
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.valueOf(v);
    }
}
