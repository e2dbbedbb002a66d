package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The first {@code build()} of a JVM opens every loop thread's interpreter at once, while Jep installs
 * its Java import hook for the first time: it must work every time. Only a fresh JVM has a first
 * build, so each try is a JVM of its own ({@link Probe}), with 2 and with 4 loop threads, two JVMs at
 * a time. {@code -Dreactor.awaitable.firstStartJvms=200} runs more.
 */
class FirstStartTest {

    private static final int JVMS = Integer.getInteger("reactor.awaitable.firstStartJvms", 60);

    @Test
    void theFirstBuildInEveryFreshJvmStartsEveryLoopThread() throws Exception {
        ExecutorService launcher = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < JVMS; i++) {
                int loops = i % 2 == 0 ? 2 : 4;
                runs.add(launcher.submit(() -> startInFreshJvm(loops)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> run : runs) {
                String failure = run.get(2, TimeUnit.MINUTES);
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertThat(failures).as("first builds that failed, of %d JVMs", JVMS).isEmpty();
        } finally {
            launcher.shutdownNow();
        }
    }

    /** @return null when the JVM's first build started every loop and a call ran, else its output */
    private static String startInFreshJvm(int loops) throws IOException, InterruptedException {
        FreshJvm.Exit exit = FreshJvm.run(Probe.class, String.valueOf(loops));
        return exit.code() == 0 && exit.output().contains("started " + loops) ? null
                : loops + " loops, exit " + exit.code() + " (-1: no exit within 60 s):\n" + exit.output();
    }

    /** The fresh JVM: builds a runtime with the given number of loop threads, runs one call on it. */
    public static final class Probe {
        public static void main(String[] args) {
            int loops = Integer.parseInt(args[0]);
            try (PythonRuntime python = PythonRuntime.builder().loopThreads(loops).build()) {
                Object sum = AwaitableFlux.mono(python, "operator:add", 1, 2).block(java.time.Duration.ofSeconds(30));
                System.out.println(sum.equals(3L) ? "started " + loops : "wrong sum " + sum);
            }
        }
    }
}
