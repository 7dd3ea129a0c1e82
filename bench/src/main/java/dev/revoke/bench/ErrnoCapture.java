package dev.revoke.bench;

import dev.revoke.panama.Sys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Question 4: what does capturing errno cost on a failing downcall, with
 * the capture segment reused per thread (what {@code dev.revoke.panama.Sys}
 * does) versus allocated per call, against the same call not capturing at
 * all?
 *
 * <p>The call is {@code read(-1, buf, 1)}: it fails with EBADF inside the
 * kernel at once, so every variant makes the same real system call and the
 * differences between them are the capture's cost. The handles are built
 * here, from {@code defaultLookup().find("read")}, so the variants differ in
 * the capture segment and nothing else. {@link #sysRead} is the project's
 * actual path for comparison: the reused segment plus its ThreadLocal lookup
 * and the {@code -errno} mapping.
 *
 * <p>A system call costs a few hundred nanoseconds here and varies by more
 * than the capture costs, so the {@code userSpace_} variants repeat the three
 * with a call that fails without entering the kernel: {@code sysconf(-1)},
 * where glibc sets EINVAL itself. They show the capture's own cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ErrnoCapture {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment READ_ADDR = LINKER.defaultLookup().find("read").orElseThrow();
    /** ssize_t read(int fd, void *buf, size_t count) */
    private static final FunctionDescriptor READ_DESC = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle READ_PLAIN = LINKER.downcallHandle(READ_ADDR, READ_DESC);
    private static final MethodHandle READ_CAPTURE =
            LINKER.downcallHandle(READ_ADDR, READ_DESC, Linker.Option.captureCallState("errno"));
    private static final MemorySegment SYSCONF_ADDR = LINKER.defaultLookup().find("sysconf").orElseThrow();
    /** long sysconf(int name) */
    private static final FunctionDescriptor SYSCONF_DESC = FunctionDescriptor.of(JAVA_LONG, JAVA_INT);
    private static final MethodHandle SYSCONF_PLAIN = LINKER.downcallHandle(SYSCONF_ADDR, SYSCONF_DESC);
    private static final MethodHandle SYSCONF_CAPTURE =
            LINKER.downcallHandle(SYSCONF_ADDR, SYSCONF_DESC, Linker.Option.captureCallState("errno"));
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(PathElement.groupElement("errno"));

    /** Not an open descriptor: read(2) fails with EBADF. */
    private static final int BAD_FD = -1;
    private static final int EBADF = 9;
    /** Not a sysconf name: glibc sets EINVAL in user space, no system call. */
    private static final int BAD_NAME = -1;
    private static final int EINVAL = 22;

    /** Per-thread native memory: the buffer, and the capture segment the reusing variant keeps. */
    @State(Scope.Thread)
    public static class Segments {
        Arena arena;
        MemorySegment buf;
        MemorySegment capture;

        @Setup
        public void allocate() throws Throwable {
            arena = Arena.ofConfined();
            buf = arena.allocate(8);
            capture = arena.allocate(CAPTURE_LAYOUT);
            check();
        }

        /** Every variant must really fail with EBADF, or the comparison is of different calls. */
        private void check() throws Throwable {
            ErrnoCapture b = new ErrnoCapture();
            long[] got = {b.reusedSegment(this), b.perCallArena(this), b.sysRead(this)};
            for (long g : got) {
                if (g != -EBADF) {
                    throw new IllegalStateException("expected -EBADF from read(-1), got " + g);
                }
            }
            if (b.noCapture(this) != -1) {
                throw new IllegalStateException("read(-1) did not fail");
            }
            long[] user = {b.userSpace_reusedSegment(this), b.userSpace_perCallArena(this)};
            for (long g : user) {
                if (g != -EINVAL) {
                    throw new IllegalStateException("expected -EINVAL from sysconf(-1), got " + g);
                }
            }
            if (b.userSpace_noCapture() != -1) {
                throw new IllegalStateException("sysconf(-1) did not fail");
            }
        }

        @TearDown
        public void free() {
            arena.close();
        }
    }

    /** (c) The same failing call with no errno capture: the floor. */
    @Benchmark
    public long noCapture(Segments s) throws Throwable {
        return (long) READ_PLAIN.invokeExact(BAD_FD, s.buf, 1L);
    }

    /** (a) Capture into a segment the thread allocated once and reuses. */
    @Benchmark
    public long reusedSegment(Segments s) throws Throwable {
        long r = (long) READ_CAPTURE.invokeExact(s.capture, BAD_FD, s.buf, 1L);
        return r == -1 ? -s.capture.get(JAVA_INT, ERRNO_OFFSET) : r;
    }

    /** (b) Capture into a segment from a confined arena opened and closed around each call. */
    @Benchmark
    public long perCallArena(Segments s) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE_LAYOUT);
            long r = (long) READ_CAPTURE.invokeExact(capture, BAD_FD, s.buf, 1L);
            return r == -1 ? -capture.get(JAVA_INT, ERRNO_OFFSET) : r;
        }
    }

    /** The project's own path: Sys.read, reused per-thread CallState found through a ThreadLocal. */
    @Benchmark
    public long sysRead(Segments s) {
        return Sys.read(BAD_FD, s.buf);
    }

    // ---- the same three without a system call in the way --------------------

    /** (c) sysconf(-1), no capture. */
    @Benchmark
    public long userSpace_noCapture() throws Throwable {
        return (long) SYSCONF_PLAIN.invokeExact(BAD_NAME);
    }

    /** (a) sysconf(-1), capture into the reused per-thread segment. */
    @Benchmark
    public long userSpace_reusedSegment(Segments s) throws Throwable {
        long r = (long) SYSCONF_CAPTURE.invokeExact(s.capture, BAD_NAME);
        return r == -1 ? -s.capture.get(JAVA_INT, ERRNO_OFFSET) : r;
    }

    /** (b) sysconf(-1), capture into a segment from a per-call confined arena. */
    @Benchmark
    public long userSpace_perCallArena(Segments s) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE_LAYOUT);
            long r = (long) SYSCONF_CAPTURE.invokeExact(capture, BAD_NAME);
            return r == -1 ? -capture.get(JAVA_INT, ERRNO_OFFSET) : r;
        }
    }
}
