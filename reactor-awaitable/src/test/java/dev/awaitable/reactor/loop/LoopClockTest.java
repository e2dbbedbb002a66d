package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The loop reads real time, or virtual time only while a virtual-time scheduler is installed. */
class LoopClockTest {

    @Test
    void theDefaultClockIsRealTimeOnTheRuntimesOwnTimer() {
        Scheduler timer = Schedulers.newSingle("test-timer", true);
        try {
            LoopClock clock = LoopClock.reactorDefault(timer);
            assertThat(clock.isVirtual()).isFalse();
            assertThat(clock.scheduler()).isSameAs(timer);
            assertThat(clock.nowSeconds()).isCloseTo(System.nanoTime() / 1e9, Offset.offset(1.0));
        } finally {
            timer.dispose();
        }
    }

    @Test
    void theDefaultClockIsVirtualWhileAVirtualTimeSchedulerIsInstalled() {
        Scheduler timer = Schedulers.newSingle("test-timer", true);
        VirtualTimeScheduler virtual = VirtualTimeScheduler.getOrSet();
        try {
            LoopClock clock = LoopClock.reactorDefault(timer);
            assertThat(clock.isVirtual()).isTrue();
            assertThat(clock.scheduler()).isSameAs(virtual);
            virtual.advanceTimeBy(Duration.ofHours(2));
            assertThat(clock.nowSeconds()).isEqualTo(virtual.now(TimeUnit.NANOSECONDS) / 1e9);
        } finally {
            VirtualTimeScheduler.reset();
            timer.dispose();
        }
        assertThat(LoopClock.reactorDefault(timer).isVirtual()).isFalse();
    }

    @Test
    void aCustomSchedulerIsVirtualOnlyWhenItHasItsOwnClockEvenBehindReactorsCachingWrapper() {
        assertThat(LoopClock.custom(Schedulers::parallel).isVirtual()).isFalse();
        assertThat(LoopClock.custom(Schedulers::single).isVirtual()).isFalse();
        VirtualTimeScheduler virtual = VirtualTimeScheduler.create();
        assertThat(LoopClock.custom(() -> virtual).isVirtual()).isTrue();
    }
}
