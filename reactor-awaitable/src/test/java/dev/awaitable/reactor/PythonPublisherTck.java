package dev.awaitable.reactor;

import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * Base of the Reactive Streams TCK runs against this library's publishers (TestNG, run on the JUnit
 * Platform by the TestNG engine). Every required rule runs and passes; the seven rules the TCK reports
 * as skipped are its own {@code untested_*} ones, which it always skips.
 */
abstract class PythonPublisherTck extends PublisherVerification<Object> {

    protected PythonRuntime runtime;

    PythonPublisherTck() {
        super(new TestEnvironment(5_000, 200));
    }

    @BeforeClass
    public void startRuntime() {
        runtime = TestRuntimes.create();
    }

    @AfterClass
    public void closeRuntime() {
        runtime.close();
    }
}
