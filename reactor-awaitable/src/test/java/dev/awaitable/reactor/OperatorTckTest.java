package dev.awaitable.reactor;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK against a Python stage: {@code upstream.transform(AwaitableFlux.operator(...))}.
 * Every required rule runs and passes; the seven rules the TCK reports as skipped are its own
 * {@code untested_*} ones, which it always skips.
 */
public class OperatorTckTest extends PublisherVerification<Object> {

    private PythonRuntime runtime;

    public OperatorTckTest() {
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
        Flux<Long> naturals = Flux.generate(() -> 0L, (next, sink) -> {
            sink.next(next);
            return next + 1;
        });
        Flux<Long> upstream = elements >= Integer.MAX_VALUE ? naturals : naturals.take(elements);
        return upstream.transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_double"));
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        // A Python stage reads upstream only when downstream asks for items, so an upstream error
        // cannot surface before a request (OperatorTest covers upstream errors with demand); a stage
        // that fails when called is the stage in an error state.
        return Flux.range(0, 10).transform(AwaitableFlux.operator(runtime, "ra_test.streams:broken_stream"));
    }
}
