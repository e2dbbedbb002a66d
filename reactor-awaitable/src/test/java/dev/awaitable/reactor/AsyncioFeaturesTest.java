package dev.awaitable.reactor;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import reactor.test.StepVerifier;

/**
 * asyncio works unchanged inside coroutines run by this library, its I/O included: each scenario in
 * {@code ra_test/asyncio_features.py} and {@code ra_test/io_scenarios.py} asserts one part of it and
 * returns "ok".
 */
class AsyncioFeaturesTest extends SharedRuntimeTest {

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() {
        return scenarios("ra_test.asyncio_features", 20);
    }

    @TestFactory
    Stream<DynamicTest> everyIoScenarioPasses() {
        return scenarios("ra_test.io_scenarios", 10);
    }

    @TestFactory
    Stream<DynamicTest> everyCoroexecutorReadmeSnippetRunsUnchanged() {
        return scenarios("ra_test.coroexecutor_snippets", 8);
    }

    private static Stream<DynamicTest> scenarios(String module, int atLeast) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) AwaitableFlux.mono(runtime, module + ":scenario_names").block();
        org.assertj.core.api.Assertions.assertThat(names).hasSizeGreaterThanOrEqualTo(atLeast);
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String whyNot = LoopKinds.whyNot(name);
            org.junit.jupiter.api.Assumptions.assumeTrue(whyNot == null, whyNot);
            StepVerifier.create(AwaitableFlux.mono(runtime, module + ":" + name))
                    .expectNext("ok")
                    .expectComplete()
                    .verify(Duration.ofSeconds(30));
        }));
    }
}
