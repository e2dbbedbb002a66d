package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The loop reads real time from Reactor's own schedulers and virtual time only from a virtual one. */
class LoopClockTest {

    @Test
    void reactorsOwnSchedulersAreNotVirtualEvenBehindTheirCachingWrapper() {
        LoopClock clock = new LoopClock(Schedulers::parallel);
        assertThat(clock.isVirtual()).isFalse();
        assertThat(new LoopClock(Schedulers::single).isVirtual()).isFalse();
        double now = clock.nowSeconds();
        assertThat(now).isCloseTo(System.nanoTime() / 1e9, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aVirtualTimeSchedulerIsVirtualDirectlyAndThroughSchedulersParallel() {
        VirtualTimeScheduler virtual = VirtualTimeScheduler.getOrSet();
        try {
            assertThat(new LoopClock(() -> virtual).isVirtual()).isTrue();
            LoopClock clock = new LoopClock(Schedulers::parallel);
            assertThat(clock.isVirtual()).isTrue();
            virtual.advanceTimeBy(java.time.Duration.ofHours(2));
            assertThat(clock.nowSeconds()).isEqualTo(virtual.now(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9);
        } finally {
            VirtualTimeScheduler.reset();
        }
        assertThat(new LoopClock(Schedulers::parallel).isVirtual()).isFalse();
    }
}
