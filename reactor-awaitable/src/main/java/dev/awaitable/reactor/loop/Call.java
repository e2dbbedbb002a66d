package dev.awaitable.reactor.loop;

/**
 * One call of a Python target, from submission to outcome.
 *
 * <p>Internal to reactor-awaitable. {@link #cancel()} may be called from any thread; the rest belongs
 * to the loop thread that runs the call.
 */
public final class Call {

    final long id;
    final String target;
    final Object[] args;
    final CallListener listener;
    private final LoopThread loop;
    /** Set by the loop thread when the subscriber cancelled, so a CancelledError is not reported. */
    boolean cancelledBySubscriber;

    Call(long id, String target, Object[] args, CallListener listener, LoopThread loop) {
        this.id = id;
        this.target = target;
        this.args = args;
        this.listener = listener;
        this.loop = loop;
    }

    /** Cancels the Python task (CancelledError at its current await); nothing is reported afterwards. */
    public void cancel() {
        loop.cancel(this);
    }
}
