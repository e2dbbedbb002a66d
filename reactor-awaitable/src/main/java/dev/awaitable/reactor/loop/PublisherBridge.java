package dev.awaitable.reactor.loop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Lets coroutines on one loop thread subscribe to Java publishers ({@code await mono},
 * {@code async for item in flux}).
 *
 * <p>Python calls {@link #subscribe} and {@link #cancel} on the loop thread, naming each subscription
 * by an integer key; its requests for more items reach {@link #request} with the drain's outcomes.
 * The Java subscriber posts every signal to the loop's inbox, from whatever thread the publisher
 * emits on; the next drain hands it to the waiting Python receiver. Nothing blocks, and no Python
 * object leaves the loop thread.
 *
 * <p>Internal to reactor-awaitable.
 */
public final class PublisherBridge {

    static final int SIGNAL_NEXT = 0;
    static final int SIGNAL_COMPLETE = 1;
    static final int SIGNAL_ERROR = 2;

    private final LoopThread loop;
    private final Map<Integer, BridgeSubscriber> subscribers = new ConcurrentHashMap<>();

    PublisherBridge(LoopThread loop) {
        this.loop = loop;
    }

    /**
     * Subscribes to {@code publisher}; signals come back as commands for subscription {@code key}.
     *
     * @param publisher a Reactive Streams {@link Publisher}
     * @param key the Python-side key of this subscription (unique per loop)
     * @param initialRequest how many items to request at once
     * @param firstOnly take the first item and cancel the rest ({@code await}), as {@link Mono#from} does
     */
    public void subscribe(Object publisher, int key, long initialRequest, boolean firstOnly) {
        BridgeSubscriber subscriber = new BridgeSubscriber(key, initialRequest);
        subscribers.put(key, subscriber);
        Publisher<?> source = (Publisher<?>) publisher;
        (firstOnly ? Mono.from(source) : source).subscribe(subscriber);
    }

    /** Requests {@code n} more items for subscription {@code key}. Loop thread only. */
    void request(int key, long n) {
        BridgeSubscriber subscriber = subscribers.get(key);
        if (subscriber != null) {
            subscriber.request(n);
        }
    }

    /** Cancels subscription {@code key} (the Python task was cancelled or stopped iterating). */
    public void cancel(int key) {
        BridgeSubscriber subscriber = subscribers.remove(key);
        if (subscriber != null) {
            subscriber.cancel();
        }
    }

    /** Forwards signals of one subscription to the loop; requests and cancels may precede onSubscribe. */
    private final class BridgeSubscriber implements CoreSubscriber<Object> {

        private final int key;
        private Subscription subscription; // guarded by this
        private long pendingRequest;        // guarded by this, until onSubscribe
        private boolean cancelled;          // guarded by this

        BridgeSubscriber(int key, long initialRequest) {
            this.key = key;
            this.pendingRequest = initialRequest;
        }

        @Override
        public void onSubscribe(Subscription s) {
            long request;
            synchronized (this) {
                if (subscription != null || cancelled) {
                    s.cancel();
                    return;
                }
                subscription = s;
                request = pendingRequest;
                pendingRequest = 0;
            }
            if (request > 0) {
                s.request(request);
            }
        }

        void request(long n) {
            Subscription s;
            synchronized (this) {
                s = subscription;
                if (s == null) {
                    pendingRequest = Operators.addCap(pendingRequest, n);
                    return;
                }
            }
            s.request(n);
        }

        void cancel() {
            Subscription s;
            synchronized (this) {
                cancelled = true;
                s = subscription;
            }
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onNext(Object item) {
            loop.signal(key, SIGNAL_NEXT, item);
        }

        @Override
        public void onError(Throwable error) {
            subscribers.remove(key, this);
            loop.signal(key, SIGNAL_ERROR, new Object[] {error.getClass().getName(), error.getMessage(), error});
        }

        @Override
        public void onComplete() {
            subscribers.remove(key, this);
            loop.signal(key, SIGNAL_COMPLETE, null);
        }
    }
}
