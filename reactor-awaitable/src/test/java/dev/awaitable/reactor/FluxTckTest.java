package dev.awaitable.reactor;

import org.reactivestreams.Publisher;

/**
 * The Reactive Streams TCK against {@code AwaitableFlux.flux} over a Python async generator.
 */
public class FluxTckTest extends PythonPublisherTck {

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
