package dev.revoke.panama;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A descriptor this process owns and must close exactly once.
 *
 * <p>Closing twice is not harmless: between the two close(2) calls the number
 * may have been handed to someone else, and the second close silently takes
 * their file away. So {@link #close()} is a compare-and-set from open to
 * closed, and only the thread that wins it calls close(2); the others return
 * at once, as {@link java.io.Closeable} allows.
 *
 * <p>What this class cannot do is stop a thread that fetched {@link #raw()}
 * before the close from using the number after it. That race - a file
 * yanked from under its users - is the one revoke(2) exists to settle, and
 * it is settled above this layer, not here.
 */
public final class NativeFd implements AutoCloseable {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(NativeFd.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    @SuppressWarnings("unused") // accessed through CLOSED
    private volatile boolean closed;

    private NativeFd(int fd) {
        this.fd = fd;
    }

    /** Takes ownership of an open descriptor, e.g. one returned by {@link Sys#open}. */
    public static NativeFd adopt(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fd);
        }
        return new NativeFd(fd);
    }

    /** The descriptor number. Throws once closed, so a stale number is not handed out knowingly. */
    public int raw() {
        if (closed) {
            throw new IllegalStateException("fd " + fd + " is closed");
        }
        return fd;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the descriptor if no one has yet. Linux releases the number even
     * when close(2) reports EINTR or EIO, so those are not rethrown: the
     * descriptor is gone either way. EBADF is different - it means someone
     * closed our number behind our back - and is an ownership bug.
     */
    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        int r = Sys.close(fd);
        if (r == Errno.EBADF.negative()) {
            throw new IllegalStateException("fd " + fd + " was closed by someone else (EBADF)");
        }
    }

    @Override
    public String toString() {
        return closed ? "NativeFd[" + fd + ", closed]" : "NativeFd[" + fd + "]";
    }
}
