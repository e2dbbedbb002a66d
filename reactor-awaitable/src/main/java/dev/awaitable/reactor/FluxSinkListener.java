package dev.awaitable.reactor;

import java.util.List;

import dev.awaitable.reactor.loop.CallListener;
import reactor.core.publisher.FluxSink;

/**
 * Hands a stream call's items and end to a FluxSink; the sink drops anything after cancel. A
 * subscriber that throws from onNext is handled by the sink the Reactor way
 * ({@code Operators.onOperatorError}: the subscription is cancelled, so the Python generator is).
 */
class FluxSinkListener implements CallListener {

    final FluxSink<Object> sink;

    FluxSinkListener(FluxSink<Object> sink) {
        this.sink = sink;
    }

    @Override
    public final void onItems(List<?> items) {
        for (Object item : items) {
            sink.next(item);
        }
    }

    @Override
    public void onValue(Object ignored) {
        sink.complete();
    }

    @Override
    public void onError(Throwable error) {
        sink.error(error);
    }
}
