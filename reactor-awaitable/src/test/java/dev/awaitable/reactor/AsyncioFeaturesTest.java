package dev.awaitable.reactor;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import reactor.test.StepVerifier;

/**
 * asyncio works unchanged inside coroutines run by this library: each scenario in
 * {@code ra_test/asyncio_features.py} asserts one part of it and returns "ok".
 */
class AsyncioFeaturesTest extends SharedRuntimeTest {

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) AwaitableFlux.mono(runtime, "ra_test.asyncio_features:scenario_names").block();
        org.assertj.core.api.Assertions.assertThat(names).hasSizeGreaterThanOrEqualTo(20);
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () ->
                StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.asyncio_features:" + name))
                        .expectNext("ok")
                        .expectComplete()
                        .verify(Duration.ofSeconds(30))));
    }
}
