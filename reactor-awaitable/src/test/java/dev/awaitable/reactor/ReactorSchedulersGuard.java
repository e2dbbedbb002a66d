package dev.awaitable.reactor;

import java.time.Duration;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * After each test class, checks that every worker of Reactor's parallel scheduler still runs tasks and
 * timers, and that no virtual-time scheduler was left installed.
 *
 * <p>Tests of timeouts and cancels all lean on {@code Schedulers.parallel()}; a worker left stuck by
 * one class would fail the timed tests of every later class. This names the class after which it
 * happened and prints the parallel threads' stacks, so the cause is found where it is.
 */
public final class ReactorSchedulersGuard implements TestExecutionListener {

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.getSource().filter(ClassSource.class::isInstance).isPresent()) {
            return;
        }
        String problem = parallelSchedulerProblem();
        if (problem != null) {
            StringBuilder report = new StringBuilder("Reactor's parallel scheduler is broken after ")
                    .append(test.getDisplayName()).append(": ").append(problem).append('\n');
            for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
                Thread thread = entry.getKey();
                if (thread.getName().startsWith("parallel-") || thread.getName().startsWith("reactor-awaitable")) {
                    report.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                    for (StackTraceElement frame : entry.getValue()) {
                        report.append("    at ").append(frame).append('\n');
                    }
                }
            }
            // A listener cannot fail the run (JUnit logs what it throws); the timed tests that follow will.
            System.err.println(report);
        }
    }

    /** @return what is wrong with Schedulers.parallel(), or null when each worker runs a task and a timer */
    static String parallelSchedulerProblem() {
        String scheduler = Schedulers.parallel().toString();
        if (scheduler.contains("VirtualTime")) {
            return "a virtual-time scheduler is still installed: " + scheduler;
        }
        int workers = Schedulers.DEFAULT_POOL_SIZE;
        try {
            Flux.range(0, workers * 2)
                    .flatMap(i -> Mono.delay(Duration.ofMillis(1)).subscribeOn(Schedulers.parallel()))
                    .then().block(Duration.ofSeconds(10));
            return null;
        } catch (RuntimeException e) {
            return "tasks or timers did not run within 10 s (" + e.getMessage() + ")";
        }
    }
}
