package dev.awaitable.reactor;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK against {@code AwaitableFlux.flux} over a Python async generator.
 * (TestNG, run on the JUnit Platform by the TestNG engine.) Every required rule runs and passes; the
 * seven rules the TCK reports as skipped are its own {@code untested_*} ones, which it always skips.
 */
public class FluxTckTest extends PublisherVerification<Object> {

    private PythonRuntime runtime;

    public FluxTckTest() {
        super(new TestEnvironment(2_000, 200));
    }

    @BeforeClass
    public void startRuntime() {
        runtime = TestRuntimes.create();
    }

    @AfterClass
    public void closeRuntime() {
        runtime.close();
    }

    @Override
    public Publisher<Object> createPublisher(long elements) {
        // counting(n) yields n items; a negative n means forever (the TCK's Long.MAX_VALUE).
        return AwaitableFlux.flux(runtime, "ra_test.streams:counting", elements >= Integer.MAX_VALUE ? -1 : elements);
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        // A generator fails only when advanced, which needs demand; a target that fails when called is
        // the stream that is in an error state before any request.
        return AwaitableFlux.flux(runtime, "ra_test.streams:broken_stream");
    }
}
