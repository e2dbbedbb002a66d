package dev.awaitable.reactor.loop;

import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The Java end of a Python loop's wake-up pipe: a byte written here ends the loop's idle wait in its
 * selector.
 *
 * <p>Python creates the pipe (its read end is registered in the loop's selector); Java opens the
 * write end again through {@code /proc/self/fd}, which Linux allows for a pipe (not for a socket,
 * which is why the loop's wake-up channel is a pipe). The stream is blocking, but at most one byte is
 * written per idle wait and the loop empties the pipe each time it wakes, so a write never waits.
 *
 * <p>Internal to reactor-awaitable.
 */
final class IoWakePipe implements AutoCloseable {

    private final FileOutputStream out;
    private volatile boolean closed;

    private IoWakePipe(FileOutputStream out) {
        this.out = out;
    }

    /**
     * @param fd the write end of the loop's pipe, a descriptor of this process
     * @throws IllegalStateException when this system has no {@code /proc/self/fd} (not Linux)
     */
    static IoWakePipe open(int fd) {
        try {
            return new IoWakePipe(new FileOutputStream("/proc/self/fd/" + fd));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the Python loop's wake-up pipe through /proc/self/fd/" + fd
                    + ": asyncio I/O on reactor-awaitable's loop threads needs Linux (" + e.getMessage() + ")", e);
        }
    }

    /** Ends the loop's idle wait (or the next one). Any thread. */
    void signal() {
        try {
            out.write(0);
        } catch (IOException e) {
            if (!closed) {
                throw new IllegalStateException("Cannot wake the Python loop through its pipe", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing was buffered; the descriptor is gone either way
        }
    }
}
