package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The same calls as {@link Sys}, for code that would rather have an
 * exception than a negative number: each returns the raw result, or throws
 * an {@link ErrnoException} naming the call, the path or fd, and the errno.
 * Calls that create a descriptor hand it back owned, as a {@link NativeFd}.
 *
 * <p>Nothing is retried: EINTR and EAGAIN surface as they do in C, since a
 * caller emulating a kernel needs to see them.
 */
public final class Posix {
    private Posix() {
    }

    static int check(int r, String call, int fd) throws ErrnoException {
        if (r < 0) {
            throw ErrnoException.onFd(-r, call, fd);
        }
        return r;
    }

    static long check(long r, String call, int fd) throws ErrnoException {
        if (r < 0) {
            throw ErrnoException.onFd((int) -r, call, fd);
        }
        return r;
    }

    public static NativeFd open(String path, int flags) throws ErrnoException {
        return open(path, flags, 0);
    }

    public static NativeFd open(String path, int flags, int mode) throws ErrnoException {
        int r = Sys.open(path, flags, mode);
        if (r < 0) {
            throw new ErrnoException(-r, "open", path);
        }
        return NativeFd.adopt(r);
    }

    /** close(2) of a bare number; owned descriptors close through {@link NativeFd#close()}. */
    public static void close(int fd) throws ErrnoException {
        check(Sys.close(fd), "close", fd);
    }

    public static long read(int fd, MemorySegment buf) throws ErrnoException {
        return check(Sys.read(fd, buf), "read", fd);
    }

    public static int read(int fd, byte[] b, int off, int len) throws ErrnoException {
        return check(Sys.read(fd, b, off, len), "read", fd);
    }

    public static long write(int fd, MemorySegment buf) throws ErrnoException {
        return check(Sys.write(fd, buf), "write", fd);
    }

    public static int write(int fd, byte[] b, int off, int len) throws ErrnoException {
        return check(Sys.write(fd, b, off, len), "write", fd);
    }

    /** Writes all of {@code b[off, off+len)}, looping over short writes. */
    public static void writeFully(int fd, byte[] b, int off, int len) throws ErrnoException {
        while (len > 0) {
            int n = write(fd, b, off, len);
            off += n;
            len -= n;
        }
    }

    public static int poll(PollSet set, int timeoutMillis) throws ErrnoException {
        int r = Sys.poll(set, timeoutMillis);
        if (r < 0) {
            throw new ErrnoException(-r, "poll", set.size() + " fds");
        }
        return r;
    }

    /** Polls one descriptor; returns its revents, 0 on timeout. */
    public static int poll(int fd, int events, int timeoutMillis) throws ErrnoException {
        return check(Sys.poll(fd, events, timeoutMillis), "poll", fd);
    }

    public static int ioctl(int fd, long request, int arg) throws ErrnoException {
        return check(Sys.ioctl(fd, request, arg), ioctlName(request), fd);
    }

    public static int ioctl(int fd, long request, MemorySegment arg) throws ErrnoException {
        return check(Sys.ioctl(fd, request, arg), ioctlName(request), fd);
    }

    public static Pipe pipe2(int flags) throws ErrnoException {
        int[] fds = new int[2];
        int r = Sys.pipe2(flags, fds);
        if (r < 0) {
            throw new ErrnoException(-r, "pipe2", "");
        }
        return new Pipe(NativeFd.adopt(fds[0]), NativeFd.adopt(fds[1]));
    }

    public static NativeFd eventfd(int initval, int flags) throws ErrnoException {
        int r = Sys.eventfd(initval, flags);
        if (r < 0) {
            throw new ErrnoException(-r, "eventfd", "");
        }
        return NativeFd.adopt(r);
    }

    public static void eventfdWrite(int fd, long value) throws ErrnoException {
        check(Sys.eventfdWrite(fd, value), "eventfd_write", fd);
    }

    /** The counter, an unsigned 64-bit value, reset to 0 by the read (or decremented by 1 for EFD_SEMAPHORE). */
    public static long eventfdRead(int fd) throws ErrnoException {
        long[] value = new long[1];
        check(Sys.eventfdRead(fd, value), "eventfd_read", fd);
        return value[0];
    }

    public static int dup2(int oldFd, int newFd) throws ErrnoException {
        return check(Sys.dup2(oldFd, newFd), "dup2", oldFd);
    }

    public static int dup3(int oldFd, int newFd, int flags) throws ErrnoException {
        return check(Sys.dup3(oldFd, newFd, flags), "dup3", oldFd);
    }

    /** FIONREAD. */
    public static int bytesAvailable(int fd) throws ErrnoException {
        return check(Sys.bytesAvailable(fd), "ioctl(FIONREAD)", fd);
    }

    /** TIOCVHANGUP. */
    public static void vhangup(int fd) throws ErrnoException {
        check(Sys.vhangup(fd), "ioctl(TIOCVHANGUP)", fd);
    }

    public static WinSize getWinSize(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = WinSize.allocate(arena);
            check(Sys.getWinSize(fd, ws), "ioctl(TIOCGWINSZ)", fd);
            return WinSize.from(ws);
        }
    }

    public static void setWinSize(int fd, WinSize size) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            check(Sys.setWinSize(fd, size.toNative(arena)), "ioctl(TIOCSWINSZ)", fd);
        }
    }

    /** strerror(3), through the thread-safe strerror_r. */
    public static String strerror(int errno) {
        MemorySegment buf = CallState.current().strerrorBuffer();
        // glibc's GNU strerror_r may return its own static string instead of filling buf.
        return Libc.strerror_r(errno, buf, buf.byteSize()).getString(0);
    }

    private static String ioctlName(long request) {
        return "ioctl(0x" + Long.toHexString(request) + ")";
    }
}
