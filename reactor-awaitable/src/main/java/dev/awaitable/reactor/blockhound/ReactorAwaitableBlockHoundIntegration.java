package dev.awaitable.reactor.blockhound;

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

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(current -> current.or(thread -> thread instanceof LoopThread));
        builder.markAsBlocking(PythonBlocking.class, "pythonBlockingCall", "()V");
        String loop = LoopThread.class.getName();
        // The loop's idle wait: it parks only when nothing is ready (like an event loop's epoll_wait).
        builder.allowBlockingCallsInside(loop, "awaitWork");
        // Opening and closing the thread's interpreter: Jep starts CPython's main interpreter on its own
        // thread and waits for it the first time, and loads modules from disk. Once per loop thread.
        builder.allowBlockingCallsInside(loop, "openInterpreter");
        builder.allowBlockingCallsInside(loop, "closeInterpreter");
        // Log lines (slow steps, internal errors) are written from the loop thread; rare by design.
        builder.allowBlockingCallsInside(loop, "logSlowStep");
        builder.allowBlockingCallsInside(loop, "logInternalError");
        PythonBlocking.markInstalled();
    }
}
