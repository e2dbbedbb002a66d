package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A coroutine as a cold Mono: values, conversions both ways, plain functions. */
class MonoResultsTest extends SharedRuntimeTest {

    @Test
    void coroutineResultIsTheMonoValue() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:add", 2, 3))
                .expectNext(5L)
                .verifyComplete();
    }

    @Test
    void plainFunctionResultIsAccepted() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:plain_add", "a", "b"))
                .expectNext("ab")
                .verifyComplete();
    }

    @Test
    void noneCompletesEmpty() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:nothing")).verifyComplete();
    }

    @Test
    void monoIsColdOneCallPerSubscription() {
        Mono<Object> mono = AwaitableFlux.mono(runtime, "ra_test.lifecycle:record", "cold", "called");
        assertThat(TestRuntimes.events(runtime, "cold")).isEmpty();
        mono.block();
        mono.block();
        assertThat(TestRuntimes.events(runtime, "cold")).containsExactly("called", "called");
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultsConvertRecursively() {
        Map<String, Object> all = (Map<String, Object>) AwaitableFlux.mono(runtime, "ra_test.basics:all_types").block();
        assertThat(all.get("str")).isEqualTo("text");
        assertThat(all.get("int")).isEqualTo(42L);
        assertThat(all.get("big")).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(all.get("float")).isEqualTo(1.5);
        assertThat(all.get("bool")).isEqualTo(true);
        assertThat((byte[]) all.get("bytes")).containsExactly(0, -1);
        assertThat(all.get("list")).isEqualTo(List.of(1L, "two", List.of(3L)));
        assertThat(all.get("tuple")).isEqualTo(List.of(1L, "a"));
        assertThat(((Map<String, Object>) all.get("dict")).get("k")).isEqualTo(java.util.Collections.singletonMap("n", null));
        assertThat(all).containsEntry("none", null);
    }

    @Test
    void argumentsArriveAsPythonData() {
        Object kinds = AwaitableFlux.mono(runtime, "ra_test.basics:describe_args",
                "s", 1, 2L, 1.5, true, Map.of("a", 1), List.of(1, 2), new byte[] {1, 2}, new int[] {1},
                new StringBuilder("x")).block();
        // numpy is in the test venv, so an int[] is an ndarray (without numpy: a list)
        assertThat(kinds).isEqualTo(List.of("str", "int", "int", "float", "bool", "dict", "list", "bytes", "ndarray",
                "StringBuilder"));
    }

    @Test
    void intResultsKeepTheirValueAndTypeAtTheInt64Bounds() {
        // None and int64 results travel inside the packed outcome header rather than as payloads
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:echo", Long.MAX_VALUE).block()).isEqualTo(Long.MAX_VALUE);
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:echo", Long.MIN_VALUE).block()).isEqualTo(Long.MIN_VALUE);
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:echo", 7).block()).isEqualTo(7L);
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", Long.MAX_VALUE, 1).block())
                .isEqualTo(BigInteger.TWO.pow(63));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", Long.MIN_VALUE, -1).block())
                .isEqualTo(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:echo", true).block()).isEqualTo(true);
    }

    @Test
    void resultsOfManyKindsEndingInOneDrainReachTheirOwnSubscribers() {
        List<Object> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            inputs.add(switch (i % 4) {
                case 0 -> (long) i;
                case 1 -> "s" + i;
                case 2 -> List.of(i);
                default -> i * 1.5;
            });
        }
        List<Object> results = Flux.range(0, inputs.size())
                .flatMapSequential(i -> AwaitableFlux.mono(runtime, "ra_test.basics:echo", inputs.get(i)), 300)
                .collectList().block();
        assertThat(results).isEqualTo(inputs.stream().map(v -> v instanceof List<?> l ? List.of(((Integer) l.get(0)).longValue()) : v).toList());
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:nothing").hasElement().block()).isFalse();
    }

    @Test
    void aBurstOfCallsInOneDrainKeepsEveryArgumentAndResult() throws InterruptedException {
        // While one step holds the loop thread, 3,000 calls queue up; the next drain takes them all:
        // ~27,000 command codes and ~9,000 outcome longs, far beyond the first buffers (1,024 longs
        // each), so both are replaced mid-run and the drains after that use the new ones.
        try (PythonRuntime oneLoop = TestRuntimes.builder().loopThreads(1)
                .slowStepThreshold(java.time.Duration.ofSeconds(10)).build()) { // the hold is on purpose
            Mono<Object> holding = AwaitableFlux.mono(oneLoop, "ra_test.blocking:hog", 0.5).cache();
            holding.subscribe();
            Thread.sleep(100);
            // Even calls end in their first step, odd ones after an asyncio.sleep(0).
            List<Object> results = Flux.range(0, 3_000)
                    .flatMapSequential(i -> i % 2 == 0 ? AwaitableFlux.mono(oneLoop, "ra_test.basics:echo", "e" + i)
                            : AwaitableFlux.mono(oneLoop, "ra_test.basics:add", (long) i, i), 3_000)
                    .collectList().block();
            assertThat(holding.block()).isEqualTo("done");
            assertThat(results).isEqualTo(Flux.range(0, 3_000).map(i -> i % 2 == 0 ? "e" + i : (Object) (2L * i))
                    .collectList().block());
            assertThat(AwaitableFlux.mono(oneLoop, "ra_test.basics:add", 20, 22).block()).isEqualTo(42L);
        }
    }

    @Test
    void byteArraysOfEverySizeArriveAsTheSameBytes() throws Exception {
        // Short ones are converted element by element, longer ones through a per-thread direct
        // buffer that grows (and is reused for a shorter one after a longer one), those over 4 MB
        // through a buffer of their own.
        int[] sizes = {0, 10, 255, 256, 1_000, 1_000_000, 5_000, 17 * 1024 * 1024};
        Object[] blobs = new Object[sizes.length];
        List<Object> expected = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < sizes.length; i++) {
            byte[] blob = new byte[sizes[i]];
            random.nextBytes(blob);
            blobs[i] = blob;
            expected.add(List.of("bytes", (long) blob.length, java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(blob))));
        }
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:digests", blobs).block()).isEqualTo(expected);
    }

    @Test
    void largePrimitiveArraysArriveWholeAsNdarraysWhenNumpyIsInstalled() {
        double[] doubles = new double[100_000];
        long[] longs = new long[100_000];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = i * 0.5;
            longs[i] = i * 3_000_000L; // up to 3e11: beyond an int
        }
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:total", (Object) doubles).block())
                .isEqualTo(List.of("ndarray", 0.5 * (100_000L * 99_999 / 2), "float64"));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:total", (Object) longs).block())
                .isEqualTo(List.of("ndarray", 3_000_000L * (100_000L * 99_999 / 2), "int64"));
    }

    @Test
    void longListResultsKeepTheirValuesAndElementTypes() {
        // All-float, all-int and all-str lists of 16 or more cross packed; the others as Jep converts them.
        List<Object> floats = list("float", 1_000);
        assertThat(floats).hasSize(1_000).allMatch(Double.class::isInstance);
        assertThat(floats.get(999)).isEqualTo(249.75);
        List<Object> ints = list("int", 1_000);
        assertThat(ints).allMatch(Long.class::isInstance);
        assertThat(ints.subList(0, 3)).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 0L);
        List<Object> strings = list("str", 1_000);
        assertThat(strings.get(7)).isEqualTo("é7\uD83D\uDE00");
        assertThat(list("bool", 20)).allMatch(Boolean.class::isInstance);
        List<Object> big = list("big", 20);
        assertThat(big.get(19)).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(big.get(0)).isEqualTo(0L);
        List<Object> mixed = list("mixed", 20);
        assertThat(mixed.subList(0, 2)).containsExactly(0.0, 1L);
        floats.add("a list result is a mutable list, as before");
        assertThat(list("float", 15)).hasSize(15).allMatch(Double.class::isInstance);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String kind, int n) {
        return (List<Object>) AwaitableFlux.mono(runtime, "ra_test.basics:list_of", kind, n).block();
    }

    @Test
    void doubleAndFloatArgumentsArriveAsTheSameFloats() {
        Object[] values = {0.1, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
            0.1f, 1e-45f};
        Object[] expected = {0.1, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
            (double) 0.1f, (double) 1e-45f};
        for (int i = 0; i < values.length; i++) {
            assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:echo", values[i]).block()).isEqualTo(expected[i]);
        }
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:describe_args", 2.5, 3, 4.5f, "s").block())
                .isEqualTo(List.of("float", "int", "float", "str"));
    }

    @Test
    void javaObjectsGoBackAsThemselves() {
        StringBuilder builder = new StringBuilder("same");
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:echo", builder).block()).isSameAs(builder);
    }

    @Test
    void aResultThatContainsItselfIsAnErrorAndTheLoopGoesOn() {
        for (String target : List.of("ra_test.basics:self_containing", "ra_test.basics:plain_self_containing")) {
            StepVerifier.create(AwaitableFlux.mono(runtime, target))
                    .expectErrorSatisfies(error -> {
                        assertThat(((PythonException) error).getPythonType())
                                .isEqualTo("reactor_awaitable.UnconvertibleResultError");
                        assertThat(error.getMessage()).contains("result contains itself").contains("plain, finite data");
                    })
                    .verify(java.time.Duration.ofSeconds(10));
        }
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2).block()).isEqualTo(3L);
    }

    @Test
    void unconvertibleResultNamesTheTypeAndTheFix() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:unconvertible"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(PythonException.class);
                    PythonException python = (PythonException) error;
                    assertThat(python.getPythonType()).isEqualTo("reactor_awaitable.UnconvertibleResultError");
                    assertThat(python.getMessage())
                            .contains("result['bad'][0]")
                            .contains("ra_test.basics.Opaque")
                            .contains("return plain data");
                })
                .verify();
    }
}
