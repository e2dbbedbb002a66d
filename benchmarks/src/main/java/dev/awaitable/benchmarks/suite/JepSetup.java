package dev.awaitable.benchmarks.suite;

import jep.JepConfig;
import jep.MainInterpreter;
import jep.SharedInterpreter;

/**
 * Jep configured by hand, as a user without this library would: the native library path and
 * {@code sys.path} given explicitly (the suite passes them as {@code bench.jepLibrary} and
 * {@code bench.sitePackages}).
 */
final class JepSetup {

    private JepSetup() {
    }

    static void configure() {
        JepConfig config = new JepConfig();
        config.addIncludePaths(System.getProperty("bench.python"), System.getProperty("bench.sitePackages"));
        MainInterpreter.setJepLibraryPath(System.getProperty("bench.jepLibrary"));
        SharedInterpreter.setConfig(config);
    }

    /** A SharedInterpreter for the calling thread with the contender helpers imported. */
    static SharedInterpreter open() {
        SharedInterpreter interpreter = new SharedInterpreter();
        interpreter.exec("import contender_support, bench_tasks");
        return interpreter;
    }
}
