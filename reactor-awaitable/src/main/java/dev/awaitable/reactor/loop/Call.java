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
    /** -1 for a one-value call; for a stream call, how far the generator may run ahead of demand. */
    final int prefetch;
    /** The subscriber's Reactor context view, or null when it is empty. */
    final Object context;
    /** Whether the result may come back as {@link JsonText} (the caller reads it with Jackson). */
    final boolean jsonResult;
    final CallListener listener;
    private final LoopThread loop;
    /** Set by the loop thread when the subscriber cancelled, so a CancelledError is not reported. */
    boolean cancelledBySubscriber;
    /** Runs once when the subscriber cancels (the call's span ends then: no outcome follows). */
    private volatile Runnable cancelHook;

    Call(long id, String target, Object[] args, int prefetch, Object context, boolean jsonResult,
         CallListener listener, LoopThread loop) {
        this.id = id;
        this.target = target;
        this.args = args;
        this.prefetch = prefetch;
        this.context = context;
        this.jsonResult = jsonResult;
        this.listener = listener;
        this.loop = loop;
    }

    /** Adds {@code n} (> 0) to a stream call's downstream demand. Any thread. */
    public void request(long n) {
        loop.request(this, n);
    }

    /** Cancels the Python task (CancelledError at its current await); nothing is reported afterwards. */
    public void cancel() {
        Runnable hook = cancelHook;
        if (hook != null) {
            cancelHook = null;
            hook.run();
        }
        loop.cancel(this);
    }

    /** @param hook run when {@link #cancel()} is first called, before the task is cancelled */
    public void whenCancelled(Runnable hook) {
        this.cancelHook = hook;
    }
}
