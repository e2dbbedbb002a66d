package dev.awaitable.reactor.blockhound;

import dev.awaitable.reactor.loop.LoopClock;
import dev.awaitable.reactor.loop.LoopThread;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * reactor-awaitable's BlockHound integration, found by ServiceLoader when BlockHound is installed.
 *
 * <p>Loop threads are non-blocking (they are also Reactor {@code NonBlocking} threads); Python's
 * blocking calls are reported through {@link PythonBlocking}; and the few waits the library itself
 * needs are allowed, each for the reason given below.
 */
public final class ReactorAwaitableBlockHoundIntegration implements BlockHoundIntegration {

    /** The loop package's internal classes are named, not imported: they are package-private. */
    private static final String LOOP_PACKAGE = LoopThread.class.getPackageName() + ".";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(current -> current.or(thread -> thread instanceof LoopThread));
        builder.markAsBlocking(PythonBlocking.class, "pythonBlockingCall", "()V");
        String loop = LoopThread.class.getName();
        String inbox = LOOP_PACKAGE + "LoopInbox";
        // The loop's idle waits, only when nothing is ready (like an event loop's epoll_wait): a park,
        // or, while sockets are open, the Python loop's selector.
        builder.allowBlockingCallsInside(inbox, "spunIntoWork"); // the spin before either (Thread.onSpinWait)
        builder.allowBlockingCallsInside(inbox, "spunIntoCommands"); // the uvloop kind's spin in an exchange
        builder.allowBlockingCallsInside(inbox, "awaitWork");
        builder.allowBlockingCallsInside(inbox, "awaitIo");
        // Waking a loop that waits in its selector: one byte written to its wake-up pipe, which the
        // loop empties each time it wakes, so the write never waits.
        builder.allowBlockingCallsInside(LOOP_PACKAGE + "IoWakePipe", "signal");
        // Opening and closing the thread's interpreter: Jep starts CPython's main interpreter on its own
        // thread and waits for it the first time, and loads modules from disk. Once per loop thread.
        builder.allowBlockingCallsInside(loop, "openInterpreter");
        builder.allowBlockingCallsInside(loop, "closeInterpreter");
        // Setting and cancelling the loop's next timer on the runtime's timer thread (a JDK
        // ScheduledThreadPoolExecutor): adding to and removing from its queue takes the queue's lock,
        // held for microseconds by the timer thread. Reactor's own integration allows the add (offer)
        // but not the remove; a loop thread that met the lock held died of BlockingOperationError.
        builder.allowBlockingCallsInside(LoopClock.class.getName(), "schedule");
        builder.allowBlockingCallsInside(LoopClock.class.getName(), "cancelTimer");
        // Cancelling any JDK-scheduled task (a Flux.interval a coroutine stops reading, a timer of a
        // Java publisher it awaited) removes it from its executor's queue under the queue's lock, held
        // for microseconds by the executor's thread; Reactor's own integration allows the queue's offer
        // and take and its one-shot tasks' dispose, not a periodic task's. It must not be flagged: an
        // error thrown from the park inside the JDK lock leaves the lock's wait queue broken, and the
        // executor's thread (a Reactor parallel worker) then waits for it forever, with its timers.
        builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "remove");
        // Log lines (slow steps, internal errors) are written from the loop thread; rare by design.
        builder.allowBlockingCallsInside(loop, "logSlowStep");
        builder.allowBlockingCallsInside(loop, "logInternalError");
        PythonBlocking.markInstalled();
    }
}
