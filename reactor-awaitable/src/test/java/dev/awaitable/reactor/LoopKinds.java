package dev.awaitable.reactor;

import java.util.Map;

/**
 * The loop kind this test JVM's runtimes get by default: the surefire execution {@code core-on-uvloop}
 * runs the core suite again with {@code -Dreactor.awaitable.eventLoop=uvloop}. Tests that cannot apply
 * to uvloop say so with {@code @DisabledIfSystemProperty(named = PythonRuntime.Builder.EVENT_LOOP_PROPERTY,
 * matches = LoopKinds.UVLOOP, disabledReason = ...)}; scenarios run by name are listed here.
 */
final class LoopKinds {

    /** Matches the property's value on the uvloop run. */
    static final String UVLOOP = "(?i)uvloop";

    private static final Map<String, String> SCENARIOS_NOT_ON_UVLOOP = Map.of(
            "scenario_sendfile", "uvloop does not implement loop.sendfile() (NotImplementedError, as under uvloop "
                    + "in plain Python)");

    private LoopKinds() {
    }

    /** @return whether this JVM's runtimes run uvloop unless a test asks otherwise */
    static boolean uvloopByDefault() {
        String kind = System.getProperty(PythonRuntime.Builder.EVENT_LOOP_PROPERTY);
        return kind != null && kind.trim().equalsIgnoreCase("uvloop");
    }

    /** @return why scenario {@code name} cannot run on this JVM's default loop kind, or null when it can */
    static String whyNot(String scenario) {
        return uvloopByDefault() ? SCENARIOS_NOT_ON_UVLOOP.get(scenario) : null;
    }
}
