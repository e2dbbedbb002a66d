package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The loop reads real time, or virtual time only while a virtual-time scheduler is installed. */
class LoopClockTest {

    @Test
    void theDefaultClockIsRealTimeOnTheRuntimesOwnTimer() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "test-timer"));
        try {
            LoopClock clock = LoopClock.reactorDefault(timer);
            assertThat(clock.isVirtual()).isFalse();
            assertThat(clock.nowSeconds()).isCloseTo(System.nanoTime() / 1e9, Offset.offset(1.0));
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            long start = System.nanoTime();
            clock.schedule(() -> ranOn.complete(Thread.currentThread().getName()), 20_000_000L);
            assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("test-timer");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);

            AtomicBoolean ran = new AtomicBoolean();
            clock.schedule(() -> ran.set(true), 20_000_000L).dispose();
            Thread.sleep(60);
            assertThat(ran).as("a disposed timer does not fire").isFalse();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void theDefaultClockIsVirtualWhileAVirtualTimeSchedulerIsInstalled() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        VirtualTimeScheduler virtual = VirtualTimeScheduler.getOrSet();
        try {
            LoopClock clock = LoopClock.reactorDefault(timer);
            assertThat(clock.isVirtual()).isTrue();
            assertThat(clock.scheduler()).isSameAs(virtual);
            AtomicBoolean fired = new AtomicBoolean();
            clock.schedule(() -> fired.set(true), Duration.ofHours(1).toNanos());
            virtual.advanceTimeBy(Duration.ofHours(2));
            assertThat(fired).as("a timer set under virtual time fires when virtual time passes it").isTrue();
            assertThat(clock.nowSeconds()).isEqualTo(virtual.now(TimeUnit.NANOSECONDS) / 1e9);
        } finally {
            VirtualTimeScheduler.reset();
            timer.shutdownNow();
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

    @Test
    void cancellingATimerMayWaitForTheTimerQueuesLockOnANonBlockingThread() {
        // The JDK timer queue's remove takes a lock the timer thread holds for microseconds; a future
        // whose cancel waits stands for that lock being held (BlockHound is installed for the suite).
        CompletableFuture<Object> slowToCancel = slowToCancel();
        reactor.core.publisher.Mono.fromRunnable(() -> LoopClock.cancelTimer(slowToCancel))
                .subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
        assertThat(slowToCancel).isCancelled();
        CompletableFuture<Object> elsewhere = slowToCancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reactor.core.publisher.Mono.fromRunnable(() -> elsewhere.cancel(false))
                        .subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5)))
                .hasRootCauseInstanceOf(reactor.blockhound.BlockingOperationError.class);
    }

    /** A future whose cancel parks for a millisecond, as a cancel meeting a held lock does. */
    private static CompletableFuture<Object> slowToCancel() {
        return new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                return super.cancel(mayInterruptIfRunning);
            }
        };
    }
}
