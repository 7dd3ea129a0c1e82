package dev.revoke.device;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The three epoll calls the {@link ReadinessWatcher} needs, bound here rather
 * than in panama-bindings because nothing else uses them. Same conventions as
 * {@code dev.revoke.panama.Sys}: a non-negative result or {@code -errno},
 * errno captured into per-thread scratch memory, nothing allocated per call.
 *
 * <p>{@code struct epoll_event} is packed on x86_64 (12 bytes, the 64-bit
 * data at offset 4) and naturally aligned everywhere else (16 bytes, data at
 * offset 8), so it is read by offset rather than through a struct layout.
 */
final class Epoll {
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    /** Disarm after one event; re-armed by the next {@code EPOLL_CTL_MOD}. */
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLL_CLOEXEC = 02000000;

    private static final boolean PACKED = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> true;
        default -> false;
    };
    static final long EVENT_BYTES = PACKED ? 12 : 16;
    private static final long DATA_OFFSET = PACKED ? 4 : 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle CREATE1 = bind("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = bind("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = bind("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /** Per-thread capture area and one event struct, like panama's CallState. */
    private static final class Scratch {
        private final Arena arena = Arena.ofAuto();
        final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
        final MemorySegment event = arena.allocate(16, 8);

        int result(int r) {
            return r == -1 ? -capture.get(JAVA_INT, ERRNO_OFFSET) : r;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static MethodHandle bind(String name, FunctionDescriptor d) {
        MemorySegment address = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(address, d, CAPTURE);
    }

    /** {@code epoll_create1(2)}: a new epoll descriptor, or -errno. */
    static int create(int flags) {
        Scratch s = SCRATCH.get();
        try {
            return s.result((int) CREATE1.invokeExact(s.capture, flags));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** {@code epoll_ctl(2)} with an event of {@code events} carrying {@code data}; 0 or -errno. */
    static int ctl(int epfd, int op, int fd, int events, long data) {
        Scratch s = SCRATCH.get();
        s.event.set(JAVA_INT_UNALIGNED, 0, events);
        s.event.set(JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
        try {
            return s.result((int) CTL.invokeExact(s.capture, epfd, op, fd, s.event));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** {@code epoll_wait(2)} into {@code events}, an array of {@code max} structs; count or -errno. */
    static int await(int epfd, MemorySegment events, int max, int timeoutMillis) {
        Scratch s = SCRATCH.get();
        try {
            return s.result((int) WAIT.invokeExact(s.capture, epfd, events, max, timeoutMillis));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** The {@code events} field of entry {@code i} of an array filled by {@link #await}. */
    static int events(MemorySegment array, int i) {
        return array.get(JAVA_INT_UNALIGNED, i * EVENT_BYTES);
    }

    /** The {@code data} field of entry {@code i}. */
    static long data(MemorySegment array, int i) {
        return array.get(JAVA_LONG_UNALIGNED, i * EVENT_BYTES + DATA_OFFSET);
    }

    private Epoll() {}
}
