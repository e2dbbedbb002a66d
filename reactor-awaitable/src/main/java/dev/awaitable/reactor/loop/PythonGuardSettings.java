package dev.awaitable.reactor.loop;

import dev.awaitable.reactor.blockhound.PythonBlocking;

/** What the Python blocking-call guard needs, when BlockHound is on the classpath and installed. */
final class PythonGuardSettings {

    private PythonGuardSettings() {
    }

    /**
     * @return {@code [PythonBlocking class, allow rules]} when BlockHound is installed with this
     *     library's integration, otherwise {@code [null, null]} (the guard is then not installed at all)
     */
    static Object[] current() {
        try {
            if (PythonBlocking.isInstalled()) {
                return new Object[] {PythonBlocking.class, PythonBlocking.allowRules()};
            }
        } catch (LinkageError blockHoundMissing) {
            // BlockHound is an optional dependency: without it there is nothing to report to.
        }
        return new Object[] {null, null};
    }
}
