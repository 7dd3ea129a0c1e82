package dev.revoke.panama;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Native memory that a thread reuses for every call it makes: the errno
 * capture area, a few words for out-parameters (int[2] of pipe2, a winsize,
 * one pollfd), and a bounce buffer for byte[] I/O.
 *
 * <p>Allocating these per call would put an arena on the path of every read;
 * sharing them between threads would mix up errnos. One per thread is the
 * C library's own answer (errno is thread-local there too). The arena is
 * automatic, so a thread that ends - virtual threads included - gives its
 * memory back when the ThreadLocal entry is collected.
 *
 * <p>Nothing here may be held across a call into user code: it is scratch.
 */
final class CallState {
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(PathElement.groupElement("errno"));

    /** byte[] reads and writes move at most this much per call, a short count as POSIX allows. */
    static final int BOUNCE_BYTES = 16 * 1024;
    static final int WORDS_BYTES = 64;
    static final int STRERROR_BYTES = 256;

    private static final ThreadLocal<CallState> CURRENT = ThreadLocal.withInitial(CallState::new);

    private final Arena arena = Arena.ofAuto();
    final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
    final MemorySegment words = arena.allocate(WORDS_BYTES, 8);
    private MemorySegment bounce;
    private MemorySegment strerror;

    private CallState() {
    }

    static CallState current() {
        return CURRENT.get();
    }

    /** errno as the last capturing call on this thread left it. */
    int errno() {
        return capture.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    MemorySegment bounce() {
        if (bounce == null) {
            bounce = arena.allocate(BOUNCE_BYTES, 8);
        }
        return bounce;
    }

    MemorySegment strerrorBuffer() {
        if (strerror == null) {
            strerror = arena.allocate(STRERROR_BYTES);
        }
        return strerror;
    }
}
