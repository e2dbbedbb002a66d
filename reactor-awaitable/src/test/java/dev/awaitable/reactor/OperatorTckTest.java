package dev.awaitable.reactor;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK against a Python stage: {@code upstream.transform(AwaitableFlux.operator(...))}.
 */
public class OperatorTckTest extends PythonPublisherTck {

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
