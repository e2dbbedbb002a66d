package dev.awaitable.reactor.loop;

/**
 * The numbers of the drain protocol between a {@link LoopThread} and its Python loop driver: command
 * opcodes, argument tags, outcome kinds and the outcome header's layout.
 *
 * <p>{@code reactor_awaitable/_protocol.py} holds the same table, with the layout of each command;
 * {@code DrainProtocolTest} fails when the two disagree. One drain is one Java→Python call: the
 * commands go as int64 codes in a direct buffer (numbers) plus an {@code Object[]} (everything else),
 * and the outcomes come back as a header of int64s in a second direct buffer plus a list of payloads.
 *
 * <p>Internal to reactor-awaitable.
 */
final class DrainProtocol {

    static final int OP_START = 0;
    static final int OP_CANCEL = 1;
    static final int OP_REQUEST = 2;
    static final int OP_SIGNAL = 3;

    static final int ARG_OBJECT = 0;
    static final int ARG_INT = 1;
    static final int ARG_FLOAT = 2;

    static final int OUT_VALUE = 0;
    static final int OUT_ERROR = 1;
    static final int OUT_CANCELLED = 2;
    static final int OUT_ITEMS = 3;
    static final int OUT_LONGS = 4;
    static final int OUT_DOUBLES = 5;
    static final int OUT_STRINGS = 6;
    static final int OUT_INT = 7;
    static final int OUT_NONE = 8;
    static final int OUT_VALUE_LONGS = 9;
    static final int OUT_VALUE_DOUBLES = 10;
    static final int OUT_VALUE_STRINGS = 11;
    /** Not a call's outcome: request(value) of the Java subscription whose key is the outcome's id. */
    static final int OUT_REQUEST = 12;
    /** One input of a stream (a map) failed: payload {@code [input, error description or a timeout's message]}. */
    static final int OUT_ITEM_FAILURE = 13;
    /** A one-value call's result as JSON text (payload), for a call started with {@link #START_JSON_RESULT}. */
    static final int OUT_JSON = 14;

    /** A start command's flags: the subscriber's context follows the arguments. */
    static final int START_WITH_CONTEXT = 1;
    /** A start command's flags: the caller reads the result with Jackson, so JSON text may come back. */
    static final int START_JSON_RESULT = 2;

    /** 1 when callbacks are still ready: drain again without waiting. */
    static final int HEAD_HAS_READY = 0;
    /** The next timer's loop time in nanoseconds, -1 when there is none. */
    static final int HEAD_DEADLINE = 1;
    /** Calls still running on the loop. */
    static final int HEAD_LIVE = 2;
    /** 1 when file descriptors are registered: an idle loop waits in its selector, not in park(). */
    static final int HEAD_WAITS_ON_IO = 3;
    /** How many outcomes follow the header. */
    static final int HEAD_COUNT = 4;
    /** Timers on the loop's heap (cancelled ones included until the loop drops them). */
    static final int HEAD_TIMERS = 5;
    /** Blocking jobs of the runtime waiting for a worker. */
    static final int HEAD_BLOCKING_QUEUED = 6;
    /** Where the first outcome starts. */
    static final int HEAD_SIZE = 7;
    /** int64s per outcome: id, kind, value. */
    static final int OUTCOME_SIZE = 3;

    /** Reply of {@code LoopThread.exchange} (the uvloop kind), in the outcome buffer: how many command codes. */
    static final int REPLY_CODE_COUNT = 0;
    /** Reply of {@code LoopThread.exchange}: its {@code REPLY_*} flags. */
    static final int REPLY_FLAGS = 1;
    /** Reply flag: the code buffer was replaced by a bigger one, which Python asks for. */
    static final int REPLY_BUFFER_REPLACED = 1;
    /** Reply flag: close() began; Python cancels everything and stops once it ended or the grace passed. */
    static final int REPLY_SHUTDOWN = 2;

    private DrainProtocol() {
    }
}
