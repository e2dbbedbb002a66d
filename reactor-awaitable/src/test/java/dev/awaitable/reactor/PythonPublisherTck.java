package dev.awaitable.reactor;

import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.ITestListener;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * Base of the Reactive Streams TCK runs against this library's publishers (TestNG, run on the JUnit
 * Platform by the TestNG engine). Every required rule runs and must pass. The TCK always skips its
 * seven {@code untested_*} rules, and reports an optional rule that fails (a timeout included) as
 * skipped too; {@link SkipReasons} prints why, so such a skip is visible in the build log. A failing
 * rule prints the Python loops' state at the moment it fails ({@link DiagnosingEnvironment}).
 */
@Listeners(PythonPublisherTck.SkipReasons.class)
abstract class PythonPublisherTck extends PublisherVerification<Object> {

    protected PythonRuntime runtime;

    PythonPublisherTck() {
        this(new DiagnosingEnvironment());
    }

    private PythonPublisherTck(DiagnosingEnvironment env) {
        super(env);
        env.tck = this;
    }

    /**
     * Prints the Python loops' state at the moment a rule's wait for a signal times out (on the test
     * thread), while the stream that stalled is still live; read through a second runtime, since CPython and its
     * modules are shared by every runtime of the JVM.
     */
    static final class DiagnosingEnvironment extends TestEnvironment {

        private PythonPublisherTck tck;

        DiagnosingEnvironment() {
            super(5_000, 200);
        }

        @Override
        public <T> T flopAndFail(String msg) {
            printState(msg);
            return super.flopAndFail(msg);
        }

        /**
         * Also a wait that timed out and that the rule reports without failing at once ("produced only 2
         * elements"); other flops are often expected by the rule (a signal it checks is absent).
         */
        @Override
        public void flop(String msg) {
            if (msg != null && msg.contains(" within ")) {
                printState(msg);
            }
            super.flop(msg);
        }

        private void printState(String msg) {
            System.out.println("TCK rule failing; Java loop state now: " + (tck == null ? null : tck.runtime));
            printPythonState(msg);
        }

        private static void printPythonState(String failure) {
            if (Thread.currentThread() instanceof reactor.core.scheduler.NonBlocking) {
                return; // a signal callback on a loop thread: it must not block on another call
            }
            try (PythonRuntime observer = TestRuntimes.create()) {
                System.out.println("TCK rule failing (" + failure + "); Python loop state now:\n"
                        + AwaitableFlux.mono(observer, "reactor_awaitable._driver:debug_state").block());
            }
        }
    }

    @BeforeClass
    public void startRuntime() {
        runtime = TestRuntimes.create();
    }

    @AfterClass
    public void closeRuntime() {
        runtime.close();
    }

    /**
     * Prints the reason of every skipped rule except the TCK's always-skipped {@code untested_*} ones.
     */
    public static final class SkipReasons implements ITestListener {

        @Override
        public void onTestSkipped(ITestResult result) {
            if (!result.getName().startsWith("untested_")) {
                System.out.println("TCK rule skipped: " + result.getTestClass().getName() + "." + result.getName()
                        + ": " + result.getThrowable());
            }
        }
    }
}
