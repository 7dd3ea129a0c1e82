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
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(PathElement.groupElement("errno"));

    /** Not an open descriptor: read(2) fails with EBADF. */
    private static final int BAD_FD = -1;
    private static final int EBADF = 9;

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
}
