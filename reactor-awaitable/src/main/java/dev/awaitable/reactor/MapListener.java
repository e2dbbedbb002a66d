package dev.awaitable.reactor;

import java.util.ArrayList;
import java.util.List;

import reactor.core.Exceptions;
import reactor.core.publisher.FluxSink;

/**
 * Hands the outcomes of an {@link AwaitableFlux#map} stream call to its {@code FluxSink}, applying the
 * {@link ErrorMode} to each failed input: the first one ends the Flux (fail fast; the Python side has
 * stopped itself), or it is kept for the end (delay), or it goes to the handler (continue). Loop
 * thread only, as every {@code CallListener}.
 */
final class MapListener extends FluxSinkListener {

    private final MapOptions options;
    private final Runnable cancelCall;
    private final List<Throwable> delayed = new ArrayList<>();

    /** @param cancelCall stops the Python side when this listener ends the Flux itself */
    MapListener(FluxSink<Object> sink, MapOptions options, Runnable cancelCall) {
        super(sink);
        this.options = options;
        this.cancelCall = cancelCall;
    }

    @Override
    public void onItemFailure(Object input, Throwable error) {
        switch (options.errorMode()) {
            case FAIL_FAST -> sink.error(error);
            case DELAY -> delayed.add(error);
            case CONTINUE -> {
                try {
                    options.errorHandler().accept(((Object[]) input)[0], error);
                } catch (Throwable handlerError) {
                    // As onErrorResume does when its function throws: the map fails with that error.
                    Exceptions.throwIfJvmFatal(handlerError);
                    handlerError.addSuppressed(error);
                    sink.error(handlerError);
                    cancelCall.run();
                }
            }
        }
    }

    @Override
    public void onValue(Object ignored) {
        endWith(null, () -> super.onValue(null));
    }

    @Override
    public void onError(Throwable error) {
        endWith(error, () -> super.onError(error));
    }

    /** Ends the Flux: with the delayed failures (and {@code error}) when there are any, else as given. */
    private void endWith(Throwable error, Runnable otherwise) {
        if (delayed.isEmpty()) {
            otherwise.run();
            return;
        }
        if (error != null) {
            delayed.add(error);
        }
        sink.error(delayed.size() == 1 ? delayed.get(0) : Exceptions.multiple(delayed));
    }
}
