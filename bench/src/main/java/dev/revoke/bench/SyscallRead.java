package dev.revoke.bench;

import dev.revoke.device.RealFdDriver;
import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Posix;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import dev.revoke.panama.Termios;
import dev.revoke.panama.libc.Libc;
import dev.revoke.procfs.ProcFs;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;
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

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Question 3: what does a read through the emulated system-call layer cost,
 * against a raw Panama {@code read(2)} of the same kind of descriptor and
 * against {@link FileChannel#read}? Target: an emulated read of a real fd
 * costs at most 1.3 times the raw Panama read, and less than FileChannel's.
 *
 * <p>The emulated path is the whole of it: {@code Process.read} takes the
 * file from the descriptor table with a reference ({@code fget}), the
 * {@code Gate} brackets the method with {@code startUsing}/{@code stopUsing}
 * (a biased counter: the device's files are revokable), and
 * {@code RealFdOperations.read} calls {@link Sys#read(int, byte[], int, int)}
 * on the file's real descriptor. That {@code Sys.read} reads into the
 * calling thread's native bounce buffer and copies into the caller's
 * {@code byte[]}; so the raw comparison that does the same native work is
 * {@code panamaByteArray}, and {@code panamaSegment} (straight into a
 * 64-byte native segment, no copy) is the cheapest Panama read there is.
 * The raw descriptors are opened with the flags the driver uses
 * ({@code O_NOCTTY|O_CLOEXEC|O_NONBLOCK}), so the kernel does the same work
 * for every variant.
 *
 * <ul>
 * <li>{@code zero_*}: 64 bytes from {@code /dev/zero}, which always has
 *     them and never blocks: the clean comparison the target is judged on.
 * <li>{@code pty_*}: a pty slave in raw mode with VMIN=0 and VTIME=0 and
 *     nothing written to the master, so every read returns 0 at once. This
 *     measures the call path of an empty read (through the tty layer and
 *     n_tty), not moving data. Feeding 64 real bytes per read would need a
 *     write to the master per read or per few reads, and a pty's data
 *     reaches the slave's line discipline asynchronously (the master's
 *     write queues it, a kworker runs {@code flush_to_ldisc}): the refill
 *     would cost several times the read and decide when data is there.
 *     FileChannel reports the empty read as -1 (it maps 0 to end of stream).
 * <li>{@code proc_*}: no real descriptor at all. Each op is
 *     {@code lseek(fd, 0, SEEK_SET)} then {@code read(fd, 64 bytes)} through
 *     the emulated calls on a {@code createSingle} (seq_file) entry. In
 *     procfs-sim the lseek from 64 back to 0 renders the content afresh, and
 *     the read at position 0 renders it again, so each op is two renders (a
 *     {@code StringWriter}, a {@code PrintWriter}, the show callback, UTF-8
 *     encoding) plus two gated calls. {@code proc_version} reads
 *     {@code /proc/version}, a permanent entry (never revoked, so the gate
 *     is one null check), whose show concatenates the version string each
 *     time; {@code proc_fixed} reads an ordinary, revokable entry that prints
 *     a constant string of the same bytes, so the two differ by the
 *     concatenation and the biased counter of the gate.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SyscallRead {
    static final int BYTES = 64;
    /** The flags {@link RealFdDriver} opens its real descriptors with (plus the access mode). */
    static final int DRIVER_FLAGS = Abi.O_NOCTTY | Abi.O_CLOEXEC | Abi.O_NONBLOCK;

    /** An emulated kernel with one process, for the emulated variants. */
    abstract static class Emulated {
        Kernel kernel;
        Process process;
        final byte[] bytes = new byte[BYTES];

        void boot() {
            kernel = new Kernel();
            process = kernel.spawn("bench", 0);
        }

        int open(String path, int flags) {
            int fd = process.open(path, flags);
            if (fd < 0) {
                throw new IllegalStateException("emulated open " + path + ": " + fd);
            }
            return fd;
        }

        /** Exits the process: its descriptors close and the driver closes the real ones. */
        void shutdown() {
            if (process != null && !process.hasExited()) {
                process.exit(0);
            }
        }
    }

    /** {@code /dev/zero}: emulated through {@link RealFdDriver}, raw, and as a FileChannel. */
    @State(Scope.Thread)
    public static class Zero extends Emulated {
        static final DeviceNumber NUMBER = new DeviceNumber(240, 0);
        int emulatedFd;
        NativeFd raw;
        MemorySegment segment;
        FileChannel channel;
        ByteBuffer direct;

        @Setup
        public void setUp() throws ErrnoException, IOException {
            boot();
            kernel.registerCharDevice(NUMBER, RealFdDriver.opening("/dev/zero", RealFdDriver.Kind.DEVICE));
            check(kernel.mknod("/dev/zero-real", 0666, 0, NUMBER) == 0, "mknod");
            emulatedFd = open("/dev/zero-real", Abi.O_RDONLY);
            raw = Posix.open("/dev/zero", Abi.O_RDONLY | DRIVER_FLAGS);
            // Auto, like the per-thread bounce buffer the emulated path reads into.
            segment = Arena.ofAuto().allocate(BYTES, 8);
            channel = FileChannel.open(Path.of("/dev/zero"), StandardOpenOption.READ);
            direct = ByteBuffer.allocateDirect(BYTES);
            SyscallRead b = new SyscallRead();
            check(b.zero_emulated(this) == BYTES && b.zero_panamaByteArray(this) == BYTES
                    && b.zero_panamaSegment(this) == BYTES && b.zero_fileChannel(this) == BYTES,
                    "every /dev/zero variant reads 64 bytes");
        }

        @TearDown
        public void tearDown() throws IOException {
            shutdown();
            raw.close();
            channel.close();
        }
    }

    /** A pty slave, raw, VMIN=0 VTIME=0, nothing written: every read returns at once with nothing. */
    @State(Scope.Thread)
    public static class EmptyPty extends Emulated {
        static final DeviceNumber NUMBER = new DeviceNumber(241, 0);
        Pty pty;
        int emulatedFd;
        NativeFd raw;
        MemorySegment segment;
        FileChannel channel;
        ByteBuffer direct;

        @Setup
        public void setUp() throws ErrnoException, IOException {
            pty = Pty.open();
            Termios.of(pty.slave().raw()).raw().cc(Libc.VMIN(), 0).cc(Libc.VTIME(), 0).apply(pty.slave().raw());
            String slave = pty.slavePath();
            boot();
            kernel.registerCharDevice(NUMBER, RealFdDriver.of(RealFdDriver.Kind.TTY,
                    flags -> Posix.open(slave, Abi.O_RDWR | Abi.O_NOCTTY | Abi.O_CLOEXEC)));
            check(kernel.mknod("/dev/ttyR0", 0666, 0, NUMBER) == 0, "mknod");
            emulatedFd = open("/dev/ttyR0", Abi.O_RDWR);
            raw = Posix.open(slave, Abi.O_RDWR | DRIVER_FLAGS);
            segment = Arena.ofAuto().allocate(BYTES, 8);
            // FileChannel cannot ask for O_NOCTTY. Opening a tty without it makes it the
            // controlling terminal only of a session leader without one; a JMH fork is not
            // a session leader, and this refuses to run if it were.
            check(!sessionLeader(), "the benchmark JVM must not be a session leader");
            channel = FileChannel.open(Path.of(slave), StandardOpenOption.READ);
            direct = ByteBuffer.allocateDirect(BYTES);
            SyscallRead b = new SyscallRead();
            check(b.pty_emulated(this) == 0 && b.pty_panamaByteArray(this) == 0
                    && b.pty_panamaSegment(this) == 0 && b.pty_fileChannel(this) == -1,
                    "every pty variant reads nothing at once");
        }

        @TearDown
        public void tearDown() throws IOException {
            shutdown();
            raw.close();
            channel.close();
            pty.close();
        }
    }

    /** /proc mounted in the emulated kernel, /proc/version and a fixed entry open. */
    @State(Scope.Thread)
    public static class Proc extends Emulated {
        int versionFd;
        int fixedFd;

        @Setup
        public void setUp() {
            boot();
            ProcFs procfs = ProcFs.mount(kernel);
            versionFd = open("/proc/version", Abi.O_RDONLY);
            byte[] version = new byte[4096];
            long n = process.read(versionFd, version);
            check(n > BYTES, "/proc/version is longer than one read");
            String text = new String(version, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8);
            procfs.createSingle("driver/fixed", 0444, out -> out.print(text));
            fixedFd = open("/proc/driver/fixed", Abi.O_RDONLY);
            SyscallRead b = new SyscallRead();
            check(b.proc_version(this) == BYTES && b.proc_fixed(this) == BYTES, "each procfs op reads 64 bytes");
        }

        @TearDown
        public void tearDown() {
            shutdown();
        }
    }

    // ---- /dev/zero: the target's comparison ----------------------------------

    /** (a) Emulated: fget, gate (biased counter), RealFdOperations.read, Sys.read into the bounce buffer, copy. */
    @Benchmark
    public long zero_emulated(Zero s) {
        return s.process.read(s.emulatedFd, s.bytes, 0, BYTES);
    }

    /** (b) Raw Panama into a byte[]: the same Sys.read the emulated path ends in (bounce buffer, copy). */
    @Benchmark
    public long zero_panamaByteArray(Zero s) {
        return Sys.read(s.raw.raw(), s.bytes, 0, BYTES);
    }

    /** (b') Raw Panama into a 64-byte native segment: no copy, the cheapest Panama read. */
    @Benchmark
    public long zero_panamaSegment(Zero s) {
        return Sys.read(s.raw.raw(), s.segment);
    }

    /** (c) FileChannel.read into a direct ByteBuffer, cleared per op. */
    @Benchmark
    public long zero_fileChannel(Zero s) throws IOException {
        s.direct.clear();
        return s.channel.read(s.direct);
    }

    // ---- a real pty: the call path of an empty read --------------------------

    @Benchmark
    public long pty_emulated(EmptyPty s) {
        return s.process.read(s.emulatedFd, s.bytes, 0, BYTES);
    }

    @Benchmark
    public long pty_panamaByteArray(EmptyPty s) {
        return Sys.read(s.raw.raw(), s.bytes, 0, BYTES);
    }

    @Benchmark
    public long pty_panamaSegment(EmptyPty s) {
        return Sys.read(s.raw.raw(), s.segment);
    }

    @Benchmark
    public long pty_fileChannel(EmptyPty s) throws IOException {
        s.direct.clear();
        return s.channel.read(s.direct);
    }

    // ---- procfs-sim: no real descriptor ----------------------------------------

    /** lseek to 0 and read 64 bytes of /proc/version (permanent entry: the gate is a null check). */
    @Benchmark
    public long proc_version(Proc s) {
        s.process.lseek(s.versionFd, 0, Abi.SEEK_SET);
        return s.process.read(s.versionFd, s.bytes, 0, BYTES);
    }

    /** The same on a revokable createSingle entry printing a constant string of the same bytes. */
    @Benchmark
    public long proc_fixed(Proc s) {
        s.process.lseek(s.fixedFd, 0, Abi.SEEK_SET);
        return s.process.read(s.fixedFd, s.bytes, 0, BYTES);
    }

    // ---- helpers ----------------------------------------------------------------

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("SyscallRead setup: " + what);
        }
    }

    /** Field 6 of /proc/self/stat is the session id; a session leader's equals its pid. */
    static boolean sessionLeader() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]) == ProcessHandle.current().pid();
    }
}
