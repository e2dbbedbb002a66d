package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When an idle loop thread spins: while spins find work (a request/response caller) it keeps
 * spinning, after a run of misses (completions at random) it parks at once, and it comes back.
 */
class IdleSpinTest {

    @Test
    void aCallerThatAnswersAtOnceKeepsTheSpin() {
        IdleSpin spin = new IdleSpin();
        for (int i = 0; i < 1_000; i++) {
            assertThat(spin.shouldSpin()).isTrue();
            spin.spun(i % 3 != 0); // two in three spins find work
        }
    }

    @Test
    void aRunOfMissesStopsTheSpinExceptForOneProbeInEvery32() {
        IdleSpin spin = new IdleSpin();
        missUntilStopped(spin);
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < IdleSpin.PROBE_EVERY; i++) {
                assertThat(spin.shouldSpin()).as("idle wait %d after the misses", i).isFalse();
            }
            assertThat(spin.shouldSpin()).as("the probe").isTrue();
            spin.spun(false);
        }
    }

    @Test
    void probesThatFindWorkBringTheSpinBack() {
        IdleSpin spin = new IdleSpin();
        missUntilStopped(spin);
        for (int i = 1; i < IdleSpin.PROBE_EVERY; i++) {
            spin.shouldSpin();
        }
        assertThat(spin.shouldSpin()).isTrue();
        spin.spun(true);
        for (int i = 0; i < 100; i++) {
            assertThat(spin.shouldSpin()).as("idle wait %d after the probe found work", i).isTrue();
            spin.spun(true);
        }
        // Banked hits are capped: as many misses as the cap stop it again.
        for (int i = 0; i < IdleSpin.MAX_CREDIT; i++) {
            assertThat(spin.shouldSpin()).isTrue();
            spin.spun(false);
        }
        assertThat(spin.shouldSpin()).isFalse();
    }

    /** Misses as many spins in a row as hits can be banked; the next idle wait would park at once. */
    private static void missUntilStopped(IdleSpin spin) {
        for (int i = 0; i < IdleSpin.MAX_CREDIT; i++) {
            assertThat(spin.shouldSpin()).as("spin %d", i).isTrue();
            spin.spun(false);
        }
    }
}
