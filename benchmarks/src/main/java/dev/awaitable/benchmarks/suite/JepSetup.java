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

    /** {@code target} followed by {@code args}: the arguments of the contender_support entry points. */
    static Object[] targetAndArgs(String target, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = target;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** A SharedInterpreter for the calling thread with the contender helpers imported. */
    static SharedInterpreter open() {
        SharedInterpreter interpreter = new SharedInterpreter();
        interpreter.exec("import contender_support, bench_tasks");
        return interpreter;
    }
}
