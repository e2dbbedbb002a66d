package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

/** Python exceptions and bad targets reach the subscriber as clear errors. */
class MonoErrorsTest extends SharedRuntimeTest {

    @Test
    void pythonExceptionKeepsTypeMessageAndTraceback() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:fail", "boom"))
                .expectErrorSatisfies(error -> {
                    PythonException python = (PythonException) error;
                    assertThat(python.getPythonType()).isEqualTo("builtins.ValueError");
                    assertThat(python.getPythonMessage()).isEqualTo("boom");
                    assertThat(python.getMessage()).isEqualTo("builtins.ValueError: boom");
                    assertThat(python.getPythonTraceback())
                            .contains("Traceback (most recent call last)")
                            .contains("basics.py")
                            .contains("raise ValueError(message)")
                            .endsWith("ValueError: boom\n");
                    // The Java stack trace shows the Python frames, innermost first.
                    assertThat(python.getStackTrace()[0].getMethodName()).isEqualTo("fail");
                    assertThat(python.getStackTrace()[0].getFileName()).endsWith("basics.py");
                })
                .verify();
    }

    @Test
    void anExceptionWhoseStrRaisesStillReachesTheSubscriber() {
        expectPythonError("ra_test.basics:fail_unprintable", python -> {
            assertThat(python.getPythonType()).isEqualTo("ra_test.basics.UnprintableError");
            assertThat(python.getPythonMessage()).contains("__str__ raised");
        });
    }

    @Test
    void causeChainMirrorsPythonCause() {
        expectPythonError("ra_test.basics:fail_chained", python -> {
            assertThat(python.getPythonType()).isEqualTo("ra_test.basics.CustomError");
            assertThat(python.getCause()).isInstanceOf(PythonException.class);
            assertThat(((PythonException) python.getCause()).getPythonType()).isEqualTo("builtins.KeyError");
            assertThat(python.getCause().getCause()).isNull();
        });
    }

    @Test
    void aBlockingCallRaisingStopIterationEndsTheCallWithARuntimeError() {
        // An asyncio future refuses StopIteration; the call used to wait for ever.
        expectPythonError("ra_test.basics:blocking_stop_iteration", python -> {
            assertThat(python.getPythonType()).isEqualTo("builtins.RuntimeError");
            assertThat(python.getPythonMessage()).contains("StopIteration");
            assertThat(((PythonException) python.getCause()).getPythonType()).isEqualTo("builtins.StopIteration");
        });
    }

    /** Calls {@code target()} and checks the PythonException it ends with (within 10 s: a hang fails). */
    private static void expectPythonError(String target, Consumer<PythonException> check) {
        StepVerifier.create(AwaitableFlux.mono(runtime, target))
                .expectErrorSatisfies(error -> check.accept((PythonException) error))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void exceptionGroupsFromTaskGroupsArriveWithTheirSubExceptions() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:fail_with_group"))
                .expectErrorSatisfies(error -> {
                    PythonException python = (PythonException) error;
                    assertThat(python.getPythonType()).isEqualTo("builtins.ExceptionGroup");
                    assertThat(python.getPythonTraceback()).contains("ValueError: first").contains("ValueError: second");
                })
                .verify();
    }

    @Test
    void unknownModuleIsNamedWithTheFix() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "no_such_module:f"))
                .expectErrorSatisfies(error -> {
                    assertThat(((PythonException) error).getPythonType()).isEqualTo("builtins.ModuleNotFoundError");
                    assertThat(error.getMessage()).contains("'no_such_module:f'").contains("addPythonPath");
                })
                .verify();
    }

    @Test
    void unknownFunctionIsNamed() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:no_such_function"))
                .expectErrorSatisfies(error -> assertThat(error.getMessage())
                        .contains("AttributeError").contains("no_such_function").contains("ra_test.basics"))
                .verify();
    }

    @Test
    void nonCallableTargetIsRefused() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:CONSTANT"))
                .expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("not a function"))
                .verify();
    }

    @Test
    void wrongArgumentCountNamesTheTargetAndTheCount() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:one_arg", 1, 2))
                .expectErrorSatisfies(error -> {
                    assertThat(((PythonException) error).getPythonType()).isEqualTo("builtins.TypeError");
                    assertThat(error.getMessage()).contains("'ra_test.basics:one_arg'").contains("2 argument(s)")
                            .contains("takes 1 positional argument");
                })
                .verify();
    }

    @Test
    void malformedTargetFailsAtAssembly() {
        for (String bad : Arrays.asList("no_colon", "mod:", ":f", "mod:f()", "a b:c", "", "m:f:g", "1m:f", "m:1f",
                ".m:f", "m.:f", "m..n:f", "m:f.", "m-x:f", "mé:f")) {
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pkg.module:function");
        }
        for (String good : Arrays.asList("m:f", "_p.m_2:F", "a.b.c:Cls.method", "x9:_")) {
            AwaitableFlux.requireTarget(good); // accepted: no exception
        }
    }
}
