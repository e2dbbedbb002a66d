package dev.awaitable.reactor;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import reactor.test.StepVerifier;

/**
 * asyncio's I/O works unchanged inside coroutines run by this library: each scenario in
 * {@code ra_test/io_scenarios.py} asserts one part of it and returns "ok".
 */
class AsyncioIoTest extends SharedRuntimeTest {

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) AwaitableFlux.mono(runtime, "ra_test.io_scenarios:scenario_names").block();
        org.assertj.core.api.Assertions.assertThat(names).hasSizeGreaterThanOrEqualTo(10);
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () ->
                StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.io_scenarios:" + name))
                        .expectNext("ok")
                        .expectComplete()
                        .verify(Duration.ofSeconds(30))));
    }
}
