package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input sweep: each odd target, argument or result gets one clear error (or its right value),
 * and the runtime goes on serving.
 */
class BadInputTest extends SharedRuntimeTest {

    @AfterEach
    void theRuntimeStillServes() {
        assertThat(runtime.isHealthy()).isTrue();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 20, 22).block(Duration.ofSeconds(10))).isEqualTo(42L);
    }

    private static Object call(String target, Object... args) {
        return AwaitableFlux.mono(runtime, target, args).block(Duration.ofSeconds(30));
    }

    private static void pythonError(String target, String type, String messagePart, Object... args) {
        assertThatThrownBy(() -> call(target, args)).isInstanceOf(PythonException.class)
                .satisfies(e -> assertThat(((PythonException) e).getPythonType()).isEqualTo(type))
                .hasMessageContaining(messagePart);
    }

    @Test
    void malformedTargetsAreRefusedAtAssemblyNamingTheForm() {
        for (String target : new String[] {"", "mod", "mod:", ":f"}) {
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, target)).as(target)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("module:function");
        }
    }

    @Test
    void aModuleThatFailsOnImportReportsItsOwnError() {
        pythonError("ra_test.broken_module:anything", "builtins.RuntimeError", "fails on import");
    }

    @Test
    void aMissingFunctionAndANonCallableAreNamed() {
        pythonError("ra_test.bad_inputs:missing", "builtins.AttributeError", "has no attribute 'missing'");
        pythonError("ra_test.bad_inputs:not_callable", "builtins.TypeError", "not a function");
    }

    @Test
    void aClassWhoseInstanceCannotCrossIsAnUnconvertibleResult() {
        pythonError("ra_test.bad_inputs:Opaque", "reactor_awaitable.UnconvertibleResultError", "Opaque");
    }

    @Test
    void aSyncGeneratorFunctionGivenToMonoSaysWhatToDo() {
        pythonError("ra_test.bad_inputs:sync_generator", "builtins.TypeError", "use AwaitableFlux.flux", 3);
        assertThatThrownBy(() -> AwaitableFlux.flux(runtime, "ra_test.bad_inputs:sync_generator", 3).blockLast(Duration.ofSeconds(10)))
                .isInstanceOf(PythonException.class).hasMessageContaining("not an async generator");
    }

    @Test
    void aCyclicMapArgumentFailsThatCallBeforeItStarts() {
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        pythonError("ra_test.bad_inputs:identity", "builtins.TypeError", "argument 1 of 'ra_test.bad_inputs:identity' cannot be converted", cyclic);
    }

    @Test
    void deeplyNestedArgumentsConvertOrFailClearly() {
        List<Object> shallow = nested(100);
        assertThat(call("ra_test.bad_inputs:depth", shallow)).isEqualTo(100L);
        pythonError("ra_test.bad_inputs:depth", "builtins.TypeError", "very deep nesting", nested(100_000));
    }

    @Test
    void nullAndAJavaObjectPythonCannotUseArriveAsNoneAndAsThemselves() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.bad_inputs:identity", (Object) null).block(Duration.ofSeconds(10))).isNull();
        Object client = java.time.Clock.systemUTC(); // a Java object with no Python counterpart: passed as it is
        assertThat(call("ra_test.bad_inputs:identity", client)).isSameAs(client);
    }

    @Test
    void aHundredMegabyteByteArrayArrivesWhole() {
        byte[] big = new byte[100 << 20];
        big[big.length - 1] = 7;
        assertThat(call("ra_test.bad_inputs:identity", (Object) big)).isEqualTo(big);
    }

    @Test
    void oddResultsCrossAsTheirJavaValues() {
        assertThat(call("ra_test.bad_inputs:big_int")).isEqualTo(BigInteger.TWO.pow(100));
        assertThat(call("ra_test.bad_inputs:special_floats"))
                .isEqualTo(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertThat((String) call("ra_test.bad_inputs:big_string", 50)).hasSize(50 << 20);
        assertThat(call("ra_test.bad_inputs:some_bytes")).isEqualTo("\u0000\u00ffbytes".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void recursionOverflowAndMemoryErrorFailTheirCalls() {
        pythonError("ra_test.bad_inputs:recurse", "builtins.RecursionError", "recursion");
        pythonError("ra_test.bad_inputs:out_of_memory", "builtins.MemoryError", "");
    }

    @Test
    void lambdaAttributesAreCalledLikeFunctionsAndALambdaResultIsRefused() {
        assertThat(call("ra_test.bad_inputs:double", 21)).isEqualTo(42L);
        assertThat(call("ra_test.bad_inputs:sleep_then", "slept")).isEqualTo("slept");
        pythonError("ra_test.bad_inputs:make_lambda", "reactor_awaitable.UnconvertibleResultError", "function");
    }

    @Test
    void aCoroutineThatHoldsItsLoopForTenSecondsIsReportedWhileOtherLoopsServe() throws Exception {
        try (PythonRuntime twoLoops = TestRuntimes.builder().loopThreads(2).loopPlacement(LoopPlacement.LEAST_LOADED)
                .slowStepThreshold(Duration.ofMillis(100)).build()) {
            java.util.concurrent.CompletableFuture<Object> hog = AwaitableFlux.mono(twoLoops, "ra_test.blocking:hog", 10.0).toFuture();
            // The hog's loop has a call in flight, so each of these goes to the other loop.
            List<Object> served = reactor.core.publisher.Flux.range(0, 100)
                    .concatMap(i -> AwaitableFlux.mono(twoLoops, "ra_test.basics:add", i, 1))
                    .collectList().block(Duration.ofSeconds(8));
            assertThat(served).hasSize(100);
            assertThat(hog).as("served while the hog still holds its loop").isNotDone();
            assertThat(twoLoops.slowSteps()).as("nothing is slow on the serving loop").isZero();
            assertThat(hog.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(twoLoops.slowSteps()).as("the hog's one step is reported").isEqualTo(1);
            assertThat(twoLoops.isHealthy()).isTrue();
        }
    }

    private static List<Object> nested(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        current.add(1);
        return outer;
    }
}
