package dev.awaitable.reactor.loop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleConsumer;

/**
 * A loop thread's inbox and its idle waits: commands from any thread, the wake-up that follows them,
 * and the one place the loop thread waits for work.
 *
 * <p>The loop thread waits in one of two ways, chosen after each drain. With no file descriptor
 * registered in the Python loop it parks ({@link #awaitWork}); {@link #wake()} unparks it. With
 * descriptors registered it waits in the Python loop's selector ({@link #awaitIo}), so a socket
 * becoming ready wakes it with no other thread in between; then {@link #wake()} writes a byte to the
 * loop's wake-up pipe instead of unparking. Either way a timer is a {@code wake()} from the timer
 * thread.
 *
 * <p>Internal to reactor-awaitable.
 */
final class LoopInbox {

    private final Thread owner;
    private final ConcurrentLinkedQueue<Object> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final IdleSpin idleSpin = new IdleSpin();
    // wake() reads it after setting `woken`, the owner sets it before reading `woken`: with both
    // volatile, at least one of them sees the other's write, so a wake is never lost between the
    // owner's last look at `woken` and its wait in the selector.
    private volatile boolean waitingOnIo;
    private volatile IoWakePipe pipe;
    // The uvloop kind: the loop thread is inside uvloop for good and reads the pipe as one of its
    // descriptors, so every wake-up from another thread writes it; the owner's own wake-ups write it
    // too, except while it is in an exchange, which takes the commands after delivering.
    private volatile boolean pipeAlways;
    private boolean ownerTakesNext; // owner only
    // The uvloop kind's spin in an exchange: while set, wake-ups do not write the pipe; the owner
    // clears it before its last look at `woken` (the pattern of `waitingOnIo`), so none is lost.
    private volatile boolean ownerSpinning;

    LoopInbox(Thread owner) {
        this.owner = owner;
    }

    /** Sets the pipe that ends the owner's waits in the Python selector. Before the first {@link #awaitIo}. */
    void useWakePipe(IoWakePipe wakePipe) {
        this.pipe = wakePipe;
    }

    /**
     * The uvloop kind: every wake-up writes {@code wakePipe} (once until the owner clears the flag),
     * which the loop reads as one of its descriptors. Before the loop serves.
     */
    void signalPipeAlways(IoWakePipe wakePipe) {
        this.pipeAlways = true;
        this.pipe = wakePipe;
    }

    /**
     * Owner only, with the uvloop kind: while true, the owner's own wake-ups do not write the pipe,
     * since it takes the commands next ({@link LoopThread#exchange}).
     */
    void ownerTakesNext(boolean takesNext) {
        this.ownerTakesNext = takesNext;
    }

    void offer(Object command) {
        commands.offer(command);
    }

    Object poll() {
        return commands.poll();
    }

    int size() {
        return commands.size();
    }

    /** Makes the owner drain soon. Thread-safe. */
    void wake() {
        if (pipeAlways) {
            if (!woken.getAndSet(true) && !ownerSpinning && (Thread.currentThread() != owner || !ownerTakesNext)) {
                pipe.signal();
            }
            return;
        }
        if (!woken.getAndSet(true) && Thread.currentThread() != owner) {
            if (waitingOnIo) {
                pipe.signal();
            } else {
                LockSupport.unpark(owner);
            }
        }
    }

    /** @return whether {@link #wake()} was called since the owner last cleared the flag */
    boolean isWoken() {
        return woken.get();
    }

    /** Owner only, at the start of each drain: wake-ups from now on ask for another one. */
    void clearWoken() {
        woken.set(false);
    }

    /**
     * Spins for {@link IdleSpin#SPIN_NANOS} while {@link IdleSpin} says spinning pays, watching for a
     * {@link #wake()}.
     *
     * @return whether a wake-up came during the spin
     */
    boolean spunIntoWork() {
        if (!idleSpin.shouldSpin()) {
            return false;
        }
        long spinEnd = System.nanoTime() + IdleSpin.SPIN_NANOS;
        while (System.nanoTime() - spinEnd < 0) {
            if (woken.get()) {
                idleSpin.spun(true);
                return true;
            }
            Thread.onSpinWait();
        }
        idleSpin.spun(false);
        return false;
    }

    /**
     * The uvloop kind, in an exchange that delivered outcomes and took no command: spins as
     * {@link #spunIntoWork()} does, so a caller that answers a result with its next call (request and
     * response from outside the loop) finds the loop thread still in the exchange, with no pipe
     * write and no libuv wake-up.
     *
     * @return whether a wake-up came during the spin (then commands wait in the inbox)
     */
    boolean spunIntoCommands() {
        ownerSpinning = true;
        boolean hit;
        try {
            hit = spunIntoWork();
        } finally {
            ownerSpinning = false;
        }
        return hit || woken.get();
    }

    /**
     * Parks until {@link #wake()} (or until {@code deadline}, a nanoTime, when not 0).
     * <p>
     * It may first spin for {@link IdleSpin#SPIN_NANOS}: a caller that answers a result with the
     * next call (request/response, {@code block()} in a loop) usually does so within that time, and
     * then finds the loop thread awake, its caches warm. Measured on 2 cores: idle round trip median
     * 49-61 µs without the spin, 31-34 µs with it. {@link IdleSpin} stops the spinning while it
     * seldom finds work (W3's 200 blocking jobs finishing at random), where it only cost CPU.
     */
    void awaitWork(long deadline) {
        if (spunIntoWork()) {
            return;
        }
        // park() also returns for a permit left by a wake() that came while this thread was awake
        // (and was then seen through `woken`): without the loop, each such wake cost a drain with nothing to do.
        if (deadline == 0) {
            while (!woken.get() && !owner.isInterrupted()) {
                LockSupport.park(this);
            }
        } else {
            long left;
            while (!woken.get() && !owner.isInterrupted() && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /**
     * Waits in the Python loop's selector until a descriptor is ready, {@link #wake()} writes the
     * wake-up pipe, or {@code deadline} (a nanoTime, when not 0) passes, unless a wake-up came first.
     *
     * @param selectorWait the Python wait (which drains what it found, in the same call), given its
     *     timeout in seconds (negative: none); it holds no GIL while it waits
     * @return whether {@code selectorWait} ran (false: a wake-up came first)
     */
    boolean awaitIo(DoubleConsumer selectorWait, long deadline) {
        waitingOnIo = true;
        try {
            if (woken.get()) {
                return false;
            }
            selectorWait.accept(deadline == 0 ? -1.0 : Math.max(0, deadline - System.nanoTime()) / 1e9);
            return true;
        } finally {
            waitingOnIo = false;
        }
    }
}
