package dev.awaitable.reactor.loop;

import static dev.awaitable.reactor.loop.DrainProtocol.ARG_FLOAT;
import static dev.awaitable.reactor.loop.DrainProtocol.ARG_INT;
import static dev.awaitable.reactor.loop.DrainProtocol.ARG_OBJECT;
import static dev.awaitable.reactor.loop.DrainProtocol.OP_CANCEL;
import static dev.awaitable.reactor.loop.DrainProtocol.OP_REQUEST;
import static dev.awaitable.reactor.loop.DrainProtocol.OP_SIGNAL;
import static dev.awaitable.reactor.loop.DrainProtocol.OP_START;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays one drain's commands out as {@link DrainProtocol} says: numbers in a direct buffer that Python
 * reads in place (each element of an {@code Object[]} costs Jep a JNI call and a conversion), the rest
 * in an object list, in the same order.
 *
 * <p>Per start {@code op, id, prefetch, target index, new target?, argument count, flags} (context follows, JSON result wanted), then
 * per argument {@code ARG_INT, value} for an {@code Integer} or {@code Long}, {@code ARG_FLOAT, bits}
 * for a {@code Double} or {@code Float} (Python reads the slot as a double) and {@code ARG_OBJECT} for
 * anything else; per cancel {@code op, id}; per request {@code op, id, n}; per signal
 * {@code op, key, kind}. The objects are a target's name the first time this loop sees it, each
 * {@code ARG_OBJECT} argument, the context, a signal's value.
 *
 * <p>Loop thread only.
 */
final class CommandEncoder {

    private final DirectLongs codes = new DirectLongs(1024);
    private final List<Object> objects = new ArrayList<>();
    private final Map<String, Integer> targetIndex = new HashMap<>(); // the Python side keeps the same table

    void clear() {
        codes.clear();
        objects.clear();
    }

    void start(Call call) {
        Integer target = targetIndex.get(call.target);
        boolean newTarget = target == null;
        if (newTarget) {
            target = targetIndex.size();
            targetIndex.put(call.target, target);
            objects.add(call.target);
        }
        int argCount = call.args == null ? 0 : call.args.length;
        codes.add(OP_START);
        codes.add(call.id);
        codes.add(call.prefetch);
        codes.add(target);
        codes.add(newTarget ? 1 : 0);
        codes.add(argCount);
        codes.add((call.context == null ? 0 : DrainProtocol.START_WITH_CONTEXT)
                | (call.jsonResult ? DrainProtocol.START_JSON_RESULT : 0));
        for (int i = 0; i < argCount; i++) {
            Object arg = call.args[i];
            if (arg instanceof Integer || arg instanceof Long) {
                codes.add(ARG_INT);
                codes.add(((Number) arg).longValue());
            } else if (arg instanceof Double || arg instanceof Float) {
                codes.add(ARG_FLOAT);
                codes.add(Double.doubleToRawLongBits(((Number) arg).doubleValue()));
            } else {
                codes.add(ARG_OBJECT);
                objects.add(arg);
            }
        }
        if (call.context != null) {
            objects.add(call.context);
        }
    }

    void cancel(long id) {
        codes.add(OP_CANCEL);
        codes.add(id);
    }

    void request(long id, long n) {
        codes.add(OP_REQUEST);
        codes.add(id);
        codes.add(n);
    }

    void signal(int key, int kind, Object value) {
        codes.add(OP_SIGNAL);
        codes.add(key);
        codes.add(kind);
        objects.add(value);
    }

    /** @return how many codes this drain has */
    int codeCount() {
        return codes.size();
    }

    /** @return the code buffer when it was replaced by a bigger one since the last drain, else null */
    ByteBuffer replacedBuffer() {
        return codes.takeReplacement();
    }

    /** @return the objects as an array, or null when there are none */
    Object[] objectsOrNull() {
        return objects.isEmpty() ? null : objects.toArray();
    }
}
