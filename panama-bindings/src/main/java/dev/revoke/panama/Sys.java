package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import dev.revoke.panama.libc.pollfd;
import dev.revoke.panama.libc.winsize;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libc calls that answer the way the kernel does: a non-negative result, or
 * {@code -errno}. No exceptions, no allocation: this is the layer the emulated
 * kernel sits on, where EAGAIN and EBADF are results to hand back, not
 * surprises. {@link Posix} wraps it for everyone else.
 *
 * <p>The jextract-generated {@link Libc} gives the addresses and descriptors;
 * its own handles cannot capture errno, so the handles here are built once
 * from them with {@code captureCallState("errno")}. The capture area is the
 * calling thread's {@link CallState}, read straight after the call.
 *
 * <p>MemorySegment arguments must be native (off-heap); a call never touches
 * more than the segment's size. byte[] variants go through a per-thread
 * bounce buffer and so move at most {@value CallState#BOUNCE_BYTES} bytes per
 * call, which read(2) and write(2) callers must be ready for anyway.
 */
public final class Sys {
    private Sys() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** open(2) and ioctl(2) have two fixed parameters before the "...". */
    private static final int FIXED_ARGS = 2;

    private static final MethodHandle OPEN = variadic(Libc.open.address(),
            Libc.open.makeInvoker(Libc.C_INT).descriptor());
    private static final MethodHandle IOCTL_INT = variadic(Libc.ioctl.address(),
            Libc.ioctl.makeInvoker(Libc.C_INT).descriptor());
    private static final MethodHandle IOCTL_PTR = variadic(Libc.ioctl.address(),
            Libc.ioctl.makeInvoker(Libc.C_POINTER).descriptor());
    private static final MethodHandle CLOSE = capturing(Libc.close$address(), Libc.close$descriptor());
    private static final MethodHandle READ = capturing(Libc.read$address(), Libc.read$descriptor());
    private static final MethodHandle WRITE = capturing(Libc.write$address(), Libc.write$descriptor());
    private static final MethodHandle POLL = capturing(Libc.poll$address(), Libc.poll$descriptor());
    private static final MethodHandle PIPE2 = capturing(Libc.pipe2$address(), Libc.pipe2$descriptor());
    private static final MethodHandle EVENTFD = capturing(Libc.eventfd$address(), Libc.eventfd$descriptor());
    private static final MethodHandle DUP2 = capturing(Libc.dup2$address(), Libc.dup2$descriptor());
    private static final MethodHandle DUP3 = capturing(Libc.dup3$address(), Libc.dup3$descriptor());
    private static final MethodHandle POSIX_OPENPT = capturing(Libc.posix_openpt$address(), Libc.posix_openpt$descriptor());
    private static final MethodHandle GRANTPT = capturing(Libc.grantpt$address(), Libc.grantpt$descriptor());
    private static final MethodHandle UNLOCKPT = capturing(Libc.unlockpt$address(), Libc.unlockpt$descriptor());
    private static final MethodHandle TCGETATTR = capturing(Libc.tcgetattr$address(), Libc.tcgetattr$descriptor());
    private static final MethodHandle TCSETATTR = capturing(Libc.tcsetattr$address(), Libc.tcsetattr$descriptor());

    private static MethodHandle capturing(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    private static MethodHandle variadic(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(FIXED_ARGS));
    }

    /** A libc result of -1 becomes -errno; anything else passes through. */
    private static int result(int r, CallState st) {
        return r == -1 ? -st.errno() : r;
    }

    private static long result(long r, CallState st) {
        return r == -1 ? -st.errno() : r;
    }

    private static AssertionError unreachable(Throwable t) {
        // invokeExact on a handle whose type we fixed at class init cannot fail;
        // a native call does not throw.
        return new AssertionError("downcall failed", t);
    }

    // ---- descriptors -------------------------------------------------------

    /** open(2) of a path. The string is copied into a short-lived confined arena. */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return open(arena.allocateFrom(path), flags, mode);
        }
    }

    /** open(2) of a NUL-terminated path already in native memory. */
    public static int open(MemorySegment cPath, int flags, int mode) {
        CallState st = CallState.current();
        try {
            return result((int) OPEN.invokeExact(st.capture, cPath, flags, mode), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int close(int fd) {
        CallState st = CallState.current();
        try {
            return result((int) CLOSE.invokeExact(st.capture, fd), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** dup2(2): makes {@code newFd} a copy of {@code oldFd}; returns newFd. */
    public static int dup2(int oldFd, int newFd) {
        CallState st = CallState.current();
        try {
            return result((int) DUP2.invokeExact(st.capture, oldFd, newFd), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** dup3(2): dup2 with flags (O_CLOEXEC), and EINVAL when the two are equal. */
    public static int dup3(int oldFd, int newFd, int flags) {
        CallState st = CallState.current();
        try {
            return result((int) DUP3.invokeExact(st.capture, oldFd, newFd, flags), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** pipe2(2): on success {@code fds[0]} is the read end and {@code fds[1]} the write end. */
    public static int pipe2(int flags, int[] fds) {
        Objects.checkFromIndexSize(0, 2, fds.length);
        CallState st = CallState.current();
        try {
            int r = result((int) PIPE2.invokeExact(st.capture, st.words, flags), st);
            if (r == 0) {
                fds[0] = st.words.get(JAVA_INT, 0);
                fds[1] = st.words.get(JAVA_INT, 4);
            }
            return r;
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** eventfd(2). {@code initval} is an unsigned int. */
    public static int eventfd(int initval, int flags) {
        CallState st = CallState.current();
        try {
            return result((int) EVENTFD.invokeExact(st.capture, initval, flags), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** Adds {@code value} to an eventfd counter (an 8-byte write); 0 or -errno. */
    public static int eventfdWrite(int fd, long value) {
        CallState st = CallState.current();
        st.words.set(JAVA_LONG, 0, value);
        long r = write(fd, st.words, Long.BYTES);
        return r < 0 ? (int) r : 0;
    }

    /**
     * Reads and resets an eventfd counter (an 8-byte read); 0 or -errno.
     * The counter, an unsigned 64-bit value, lands in {@code value[0]}.
     */
    public static int eventfdRead(int fd, long[] value) {
        Objects.checkFromIndexSize(0, 1, value.length);
        CallState st = CallState.current();
        long r = read(fd, st.words, Long.BYTES);
        if (r < 0) {
            return (int) r;
        }
        value[0] = st.words.get(JAVA_LONG, 0);
        return 0;
    }

    // ---- I/O ---------------------------------------------------------------

    /** read(2) of up to {@code buf.byteSize()} bytes into a native segment. */
    public static long read(int fd, MemorySegment buf) {
        return read(fd, buf, buf.byteSize());
    }

    private static long read(int fd, MemorySegment buf, long count) {
        CallState st = CallState.current();
        try {
            return result((long) READ.invokeExact(st.capture, fd, buf, count), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** write(2) of {@code buf.byteSize()} bytes from a native segment. */
    public static long write(int fd, MemorySegment buf) {
        return write(fd, buf, buf.byteSize());
    }

    private static long write(int fd, MemorySegment buf, long count) {
        CallState st = CallState.current();
        try {
            return result((long) WRITE.invokeExact(st.capture, fd, buf, count), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** read(2) into {@code b[off, off+len)}; at most {@value CallState#BOUNCE_BYTES} bytes per call. */
    public static int read(int fd, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        MemorySegment bounce = CallState.current().bounce();
        int n = Math.min(len, CallState.BOUNCE_BYTES);
        long r = read(fd, bounce, n);
        if (r > 0) {
            MemorySegment.copy(bounce, JAVA_BYTE, 0, b, off, (int) r);
        }
        return (int) r;
    }

    /** write(2) from {@code b[off, off+len)}; at most {@value CallState#BOUNCE_BYTES} bytes per call. */
    public static int write(int fd, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        MemorySegment bounce = CallState.current().bounce();
        int n = Math.min(len, CallState.BOUNCE_BYTES);
        MemorySegment.copy(b, off, bounce, JAVA_BYTE, 0, n);
        return (int) write(fd, bounce, n);
    }

    /** poll(2) over every entry of {@code set}; returns how many have revents, 0 on timeout. */
    public static int poll(PollSet set, int timeoutMillis) {
        CallState st = CallState.current();
        try {
            return result((int) POLL.invokeExact(st.capture, set.segment(), (long) set.size(), timeoutMillis), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** poll(2) of one descriptor: its revents (0 on timeout), or -errno. */
    public static int poll(int fd, int events, int timeoutMillis) {
        CallState st = CallState.current();
        MemorySegment pfd = st.words;
        pollfd.fd(pfd, fd);
        pollfd.events(pfd, (short) events);
        pollfd.revents(pfd, (short) 0);
        try {
            int r = result((int) POLL.invokeExact(st.capture, pfd, 1L, timeoutMillis), st);
            return r < 0 ? r : Short.toUnsignedInt(pollfd.revents(pfd));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    // ---- ioctl -------------------------------------------------------------

    /** ioctl(2) whose argument is a value (TIOCSCTTY, TIOCVHANGUP's ignored 0). */
    public static int ioctl(int fd, long request, int arg) {
        CallState st = CallState.current();
        try {
            return result((int) IOCTL_INT.invokeExact(st.capture, fd, request, arg), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** ioctl(2) whose argument points at memory the driver reads or fills. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        CallState st = CallState.current();
        try {
            return result((int) IOCTL_PTR.invokeExact(st.capture, fd, request, arg), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** FIONREAD: bytes waiting to be read, or -errno. */
    public static int bytesAvailable(int fd) {
        MemorySegment words = CallState.current().words;
        int r = ioctl(fd, Libc.FIONREAD(), words);
        return r < 0 ? r : words.get(JAVA_INT, 0);
    }

    /** TIOCVHANGUP: hangs up the tty behind {@code fd} as if the line dropped (needs CAP_SYS_ADMIN). */
    public static int vhangup(int fd) {
        return ioctl(fd, Libc.TIOCVHANGUP(), 0);
    }

    /** TIOCGWINSZ into {@code ws}, a native struct winsize. */
    public static int getWinSize(int fd, MemorySegment ws) {
        Objects.checkFromIndexSize(0, winsize.sizeof(), ws.byteSize());
        return ioctl(fd, Libc.TIOCGWINSZ(), ws);
    }

    /** TIOCSWINSZ from {@code ws}, a native struct winsize. */
    public static int setWinSize(int fd, MemorySegment ws) {
        Objects.checkFromIndexSize(0, winsize.sizeof(), ws.byteSize());
        return ioctl(fd, Libc.TIOCSWINSZ(), ws);
    }

    // ---- terminals ---------------------------------------------------------

    public static int posixOpenpt(int flags) {
        CallState st = CallState.current();
        try {
            return result((int) POSIX_OPENPT.invokeExact(st.capture, flags), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int grantpt(int masterFd) {
        CallState st = CallState.current();
        try {
            return result((int) GRANTPT.invokeExact(st.capture, masterFd), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int unlockpt(int masterFd) {
        CallState st = CallState.current();
        try {
            return result((int) UNLOCKPT.invokeExact(st.capture, masterFd), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /**
     * ptsname_r(3) into {@code buf}; 0 or -errno. Unlike the calls above it
     * reports failure by returning the error number, so errno is not consulted.
     */
    public static int ptsname(int masterFd, MemorySegment buf) {
        int r = Libc.ptsname_r(masterFd, buf, buf.byteSize());
        return r == 0 ? 0 : -r;
    }

    /** tcgetattr(3) into {@code termios}, a native struct termios. */
    public static int tcgetattr(int fd, MemorySegment termios) {
        Objects.checkFromIndexSize(0, dev.revoke.panama.libc.termios.sizeof(), termios.byteSize());
        CallState st = CallState.current();
        try {
            return result((int) TCGETATTR.invokeExact(st.capture, fd, termios), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** tcsetattr(3) from {@code termios}; {@code when} is TCSANOW and friends. */
    public static int tcsetattr(int fd, int when, MemorySegment termios) {
        Objects.checkFromIndexSize(0, dev.revoke.panama.libc.termios.sizeof(), termios.byteSize());
        CallState st = CallState.current();
        try {
            return result((int) TCSETATTR.invokeExact(st.capture, fd, when, termios), st);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** cfmakeraw(3): edits the struct only; cannot fail. */
    public static void cfmakeraw(MemorySegment termios) {
        Objects.checkFromIndexSize(0, dev.revoke.panama.libc.termios.sizeof(), termios.byteSize());
        Libc.cfmakeraw(termios);
    }

    // ---- identity ----------------------------------------------------------

    /** gettid(2): the kernel's id for the calling thread (its /proc/self/task entry). */
    public static int gettid() {
        return Libc.gettid();
    }

    /** geteuid(2). */
    public static int geteuid() {
        return Libc.geteuid();
    }
}
