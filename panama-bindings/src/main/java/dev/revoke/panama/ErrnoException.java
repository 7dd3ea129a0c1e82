package dev.revoke.panama;

import java.io.IOException;

/**
 * A system call failed; carries what a C programmer would print with perror(3).
 *
 * <p>It extends {@link IOException}, a checked exception, on purpose: every
 * errno this module can raise (EAGAIN on an empty non-blocking tty, EIO after a
 * hangup, EBADF after a revoke) is an ordinary outcome of I/O on a device that
 * the caller must be made to consider, exactly as java.io and java.nio treat
 * them. Code that cannot afford exceptions on its fast path - the emulated
 * kernel, which hands errnos back as {@code -EAGAIN} like Linux does - calls
 * {@link Sys} instead and never sees this type.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String call;
    private final String target;

    /**
     * @param errno  the positive errno value
     * @param call   the C function that failed, e.g. "open"
     * @param target what it failed on, e.g. "/dev/ptmx" or "fd 7"; may be empty
     */
    public ErrnoException(int errno, String call, String target) {
        super(message(errno, call, target));
        this.errno = errno;
        this.call = call;
        this.target = target;
    }

    /** For a call on a descriptor: the target reads "fd N". */
    public static ErrnoException onFd(int errno, String call, int fd) {
        return new ErrnoException(errno, call, "fd " + fd);
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic name, e.g. "ENOENT". */
    public String errnoName() {
        return Errno.nameOf(errno);
    }

    /** The errno as an enum constant, or null for a number Linux does not define. */
    public Errno error() {
        return Errno.of(errno);
    }

    /** The failing C function, e.g. "open". */
    public String call() {
        return call;
    }

    /** The path or "fd N" the call was made on; empty when there was none. */
    public String target() {
        return target;
    }

    /** True when this exception carries {@code e}. */
    public boolean is(Errno e) {
        return errno == e.number();
    }

    private static String message(int errno, String call, String target) {
        String where = target == null || target.isEmpty() ? call : call + " " + target;
        return where + ": " + Posix.strerror(errno) + " (" + Errno.nameOf(errno) + ")";
    }
}
