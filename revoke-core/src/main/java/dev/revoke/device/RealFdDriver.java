package dev.revoke.device;

import static dev.revoke.panama.Errno.EIO;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.CharDriver;
import dev.revoke.mechanism.Kick;
import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Posix;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.HungUpTtyOperations;
import dev.revoke.vfs.RevokedOperations;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A character driver whose files are real Linux descriptors: a pty slave, a
 * pipe, an eventfd, a regular file. Each emulated open asks an {@link Opener}
 * for a fresh real descriptor, and the file's read, write, poll and ioctl go
 * to the real kernel. {@code revoke(2)} of a node of the device revokes
 * every emulated file through the mechanism, and their real descriptors are
 * closed exactly once, after the last thread has left them.
 *
 * <pre>{@code
 * RealFdDriver tty = RealFdDriver.opening(pty.slavePath(), RealFdDriver.Kind.TTY);
 * kernel.registerCharDevice(new DeviceNumber(240, 0), tty);
 * kernel.mknod("/dev/ttyR0", 0666, 0, new DeviceNumber(240, 0));
 * int fd = process.open("/dev/ttyR0", Abi.O_RDWR);   // a real pty behind it
 * }</pre>
 *
 * <p><b>Blocking without blocking in the call.</b> The real descriptor is
 * always put in non-blocking mode, whatever the emulated file's flags, so no
 * thread ever sleeps inside {@code read(2)} or {@code write(2)}: closing a
 * descriptor does not wake such a sleeper on Linux, and nothing else would.
 * An emulated blocking read tries {@code read(2)}; on EAGAIN it sleeps in
 * {@code poll(2)} on two descriptors, the real one and the file's own
 * wake-up eventfd (the pty4j and purejavacomm scheme). The generation's
 * {@link Kick}, which the mechanism runs once per revocation after new
 * entries are stopped, writes that eventfd for every file of the dying
 * generation. The eventfd is never read, so the signal is sticky: a reader
 * that reaches {@code poll(2)} after the kick returns at once, one that was
 * already there is woken, and neither can miss it. The woken call returns
 * at once with the revoked answer of its {@link Kind}, without touching the
 * real descriptor again, and the drain completes. Emulated
 * {@code O_NONBLOCK} calls never sleep: EAGAIN is returned as is.
 *
 * <p><b>Emulated poll.</b> The emulated {@code poll(2)} sleeps in Java on
 * wait queues, not in the real {@code poll(2)}, so it cannot sleep on a real
 * descriptor directly. A file's poll method puts the poller on two queues:
 * the generation's (which every revocation wakes) and the file's readiness
 * queue, which the JVM-wide {@link ReadinessWatcher} thread wakes when a
 * one-shot epoll interest on the real descriptor fires. Nothing spins: the
 * watcher sleeps in {@code epoll_wait}, the poller parks, and each armed
 * interest fires at most once.
 *
 * <p><b>The fd-reuse rule.</b> A real descriptor, and its wake-up eventfd,
 * are closed only in the file's release, which the mechanism runs exactly
 * once: after a revocation's drain, when no thread is inside a method, or on
 * the last close, when no system call holds the file. A descriptor number
 * can therefore never be closed, and reused by an unrelated open, under a
 * thread still using it (REVOCATION.md section 5). The kick, which may race
 * a last close, writes the eventfd only under the file's lock and only if
 * the release has not run; the watcher never uses descriptor numbers. See
 * {@link RealFile}.
 *
 * <p><b>After revocation</b> files answer per {@link Kind}: a terminal as a
 * hung-up tty ({@link HungUpTtyOperations}), anything else as FreeBSD's
 * deadfs ({@link RevokedOperations#DEADFS}). A call that was asleep when the
 * revocation came returns the same read or write answer. New opens get a new
 * generation and a new real descriptor.
 *
 * <p><b>ioctl</b> passes these to the real descriptor, with these argument
 * objects; everything else is ENOTTY:
 * <table>
 * <caption>ioctl arguments</caption>
 * <tr><th>request</th><th>arg</th></tr>
 * <tr><td>FIONREAD (TIOCINQ)</td><td>{@code int[1]}, filled with the bytes waiting</td></tr>
 * <tr><td>TIOCGWINSZ</td><td>{@code WinSize[1]}, filled</td></tr>
 * <tr><td>TIOCSWINSZ</td><td>a {@code WinSize}</td></tr>
 * <tr><td>TCGETS</td><td>{@code Termios[1]}, filled with a copy</td></tr>
 * <tr><td>TCSETS</td><td>a {@code Termios}, applied with TCSANOW</td></tr>
 * </table>
 * An argument of the wrong type is EFAULT, as a bad user pointer would be.
 * TCSETSW and TCSETSF are not passed: they wait inside {@code ioctl(2)} for
 * output to drain, a sleep no kick could end. FIONBIO is the emulated
 * kernel's own (it sets the emulated file's {@code O_NONBLOCK}).
 *
 * <p>Not emulated: {@code llseek} (ESPIPE; a regular file's offset is the
 * real descriptor's own), {@code mmap} (ENODEV), VTIME on terminals. A Java
 * interrupt does not end a sleep in {@code poll(2)}; data, an error on the
 * real descriptor, or a revocation does.
 */
public final class RealFdDriver implements CharDriver {

    /** Supplies a fresh real descriptor for each emulated open. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens the real descriptor for an emulated open with {@code flags}
         * (the emulated {@code O_*} flags, whose values are Linux's). The
         * driver takes ownership and closes it exactly once; it also puts it
         * in non-blocking mode. A thrown errno fails the emulated open with it.
         */
        NativeFd open(int flags) throws ErrnoException;
    }

    /** What a revoked file answers, and what a call woken by the revocation returns. */
    public enum Kind {
        /** A terminal: a hung-up tty. Read 0 (end of file), write EIO. */
        TTY(HungUpTtyOperations.INSTANCE, HungUpTtyOperations.READ, HungUpTtyOperations.WRITE),
        /** Any other device: FreeBSD's deadfs. Read EIO, write EIO. */
        DEVICE(RevokedOperations.DEADFS, EIO.negative(), EIO.negative());

        private final FileOperations revoked;
        final long revokedRead;
        final long revokedWrite;

        Kind(FileOperations revoked, long revokedRead, long revokedWrite) {
            this.revoked = revoked;
            this.revokedRead = revokedRead;
            this.revokedWrite = revokedWrite;
        }

        /** The operations of a revoked file of this kind. */
        public FileOperations revokedOperations() {
            return revoked;
        }
    }

    private final Kind kind;
    private final Opener opener;
    private final Map<CharDevice, FileOperations> operations = new ConcurrentHashMap<>();
    /** Every file whose real descriptor is open; the kick looks here for its generation's files. */
    private final Set<RealFile> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private volatile Probe probe = Probe.NONE;

    private RealFdDriver(Kind kind, Opener opener) {
        this.kind = Objects.requireNonNull(kind);
        this.opener = Objects.requireNonNull(opener);
    }

    /** A driver whose files each open {@code opener}'s descriptor. */
    public static RealFdDriver of(Kind kind, Opener opener) {
        return new RealFdDriver(kind, opener);
    }

    /**
     * A driver whose files each open {@code path} (a pty slave such as
     * {@code /dev/pts/3}, a FIFO, a regular file) with the emulated access
     * mode and {@code O_APPEND}, plus {@code O_NOCTTY} (the JVM must never
     * acquire a controlling terminal), {@code O_CLOEXEC} and {@code O_NONBLOCK}.
     */
    public static RealFdDriver opening(String path, Kind kind) {
        Objects.requireNonNull(path);
        return new RealFdDriver(kind, flags -> Posix.open(path,
                (flags & (Abi.O_ACCMODE | Abi.O_APPEND)) | Abi.O_NOCTTY | Abi.O_CLOEXEC | Abi.O_NONBLOCK));
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public FileOperations operations(CharDevice device) {
        return operations.computeIfAbsent(device, d -> new RealFdOperations(this, d));
    }

    /** Per generation: write the wake-up eventfd of every file attached to the dying generation. */
    @Override
    public Kick kick(CharDevice device) {
        return dying -> {
            for (RealFile rf : live) {
                if (rf.generation() == dying) {
                    rf.kick();
                }
            }
        };
    }

    /** Real descriptors opened for emulated opens so far. */
    public long realFdsOpened() {
        return opened.get();
    }

    /** Real descriptors closed so far: by releases, and by opens that failed after opening one. */
    public long realFdsClosed() {
        return closed.get();
    }

    /** Emulated files whose real descriptor is open. */
    public int liveFiles() {
        return live.size();
    }

    // ---- for RealFdOperations

    Opener opener() {
        return opener;
    }

    Probe probe() {
        return probe;
    }

    void probe(Probe p) {
        probe = p == null ? Probe.NONE : p;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    void opened(RealFile rf) {
        opened.incrementAndGet();
        live.add(rf);
    }

    void closed(RealFile rf) {
        live.remove(rf);
        closed.incrementAndGet();
    }
}
