package dev.revoke.revokefs;

import static dev.revoke.panama.Errno.EBUSY;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ENOTEMPTY;

import dev.revoke.chardev.FifoDevice;
import dev.revoke.kernel.Kernel;
import dev.revoke.panama.Errno;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Sys;
import dev.revoke.procfs.ProcFs;
import dev.revoke.revokefs.bridge.EmulatedFs;
import dev.revoke.revokefs.bridge.RevokeOutcome;
import dev.revoke.revokefs.passthrough.PassthroughFs;
import dev.revoke.revokefs.server.Session;
import dev.revoke.revokefs.sys.FsSys;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A revokefs mount: the emulated kernel's namespace, served to real
 * processes through FUSE at a directory of the real filesystem.
 *
 * <pre>
 * DIR/proc/...   procfs-sim (cat DIR/proc/uptime)
 * DIR/src/...    the passthrough of --source SRC, when given
 * DIR/dev/...    the emulated devices (null, the serial line ttyF0), served as plain files
 * DIR/tmp        the emulated kernel's ramfs /tmp (read-only through FUSE)
 * </pre>
 *
 * Every open of a file of the mount is an open file of the emulated
 * kernel, and {@link #revokePath(Path)} (from any process: it is a
 * setxattr(2) of {@value EmulatedFs#REVOKE_XATTR}) revokes the file for
 * every real process that has it open.
 *
 * <pre>
 * try (RevokeFs fs = RevokeFs.mount(dir, Optional.of(src))) {
 *     ... real processes use dir/src/... and dir/proc/... ...
 *     RevokeFs.revokePath(dir.resolve("src/a.txt")).orThrow();
 * }                                 // unmounted, handles closed
 * </pre>
 */
public final class RevokeFs implements AutoCloseable {
    /** The type in /proc/mounts. */
    public static final String FS_TYPE = "fuse.revokefs";
    /** Where the passthrough appears in the mount (and in the emulated kernel). */
    public static final String SOURCE_DIR = "src";
    /**
     * An emulated serial line ({@link FifoDevice}) at {@code dev/ttyF0}: what
     * one process writes, another reads; reads sleep in the daemon until
     * there is data, and revoke(2) of it goes through the emulated revoke of
     * a device node (a new generation).
     */
    public static final DeviceNumber SERIAL_LINE = new DeviceNumber(240, 0);
    public static final String SERIAL_LINE_PATH = "/dev/ttyF0";
    /** Reader threads on /dev/fuse; requests themselves run on virtual threads. */
    static final int READERS = 2;

    private final Path mountPoint;
    private final Kernel kernel;
    private final ProcFs procfs;
    private final PassthroughFs passthrough;
    private final EmulatedFs fs;
    private final Session session;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RevokeFs(Path mountPoint, Kernel kernel, ProcFs procfs, PassthroughFs passthrough, EmulatedFs fs,
                     Session session) {
        this.mountPoint = mountPoint;
        this.kernel = kernel;
        this.procfs = procfs;
        this.passthrough = passthrough;
        this.fs = fs;
        this.session = session;
    }

    // ---- mounting

    /**
     * Mounts a new emulated kernel with procfs at {@code dir}, and with a
     * passthrough of {@code source} at {@code dir/src} when given. Returns
     * once the kernel has completed the FUSE handshake, with requests being
     * served on background threads; {@link #serve()} waits for the end.
     *
     * @throws RevokeFsException ENOENT/ENOTDIR for a missing directory or
     *         source, EBUSY if {@code dir} is already a mount point,
     *         ENOTEMPTY if it is not empty, EPERM without the right to mount,
     *         and what open(/dev/fuse) or mount(2) said otherwise
     */
    public static RevokeFs mount(Path dir, Optional<Path> source) throws RevokeFsException {
        Path src = null;
        if (source.isPresent()) {
            src = source.get().toAbsolutePath().normalize();
            if (!Files.exists(src)) {
                throw new RevokeFsException(ENOENT.number(), "revokefs: source " + src + " does not exist");
            }
            if (!Files.isDirectory(src)) {
                throw new RevokeFsException(ENOTDIR.number(), "revokefs: source " + src + " is not a directory");
            }
        }
        Kernel kernel = new Kernel();
        ProcFs procfs = ProcFs.mount(kernel);
        kernel.registerCharDevice(SERIAL_LINE, new FifoDevice());
        kernel.mknod(SERIAL_LINE_PATH, 0666, 0, SERIAL_LINE);
        PassthroughFs passthrough = null;
        if (src != null) {
            passthrough = new PassthroughFs(src);
            kernel.rootDirectory().mkdir(SOURCE_DIR, 0755, 0);
            int r = kernel.mount("/" + SOURCE_DIR, passthrough);
            if (r < 0) {
                throw new RevokeFsException(-r, "revokefs: cannot mount the passthrough in the emulated kernel");
            }
        }
        return mount(dir, kernel, procfs, passthrough);
    }

    /**
     * Mounts {@code kernel}'s namespace at {@code dir}. {@code procfs} and
     * {@code passthrough} are what the caller mounted in it (either may be
     * null); the passthrough is used for statfs.
     */
    public static RevokeFs mount(Path dir, Kernel kernel, ProcFs procfs, PassthroughFs passthrough)
            throws RevokeFsException {
        Path mp = checkMountPoint(dir);
        int dev = Sys.open("/dev/fuse", Abi.O_RDWR | Abi.O_CLOEXEC | Abi.O_NONBLOCK, 0);
        if (dev < 0) {
            throw new RevokeFsException(-dev, "revokefs: open /dev/fuse: " + describe(dev));
        }
        NativeFd device = NativeFd.adopt(dev);
        String options = "fd=" + dev + ",rootmode=40000,user_id=" + Sys.geteuid() + ",group_id=" + egid()
                + ",allow_other,default_permissions";
        int r = FsSys.mount("revokefs", mp.toString(), FS_TYPE, FsSys.MS_NOSUID | FsSys.MS_NODEV, options);
        if (r < 0) {
            device.close();
            throw new RevokeFsException(-r, "revokefs: mount " + mp + ": " + describe(r));
        }
        EmulatedFs fs = new EmulatedFs(kernel, passthrough);
        Session session = new Session(mp.toString(), device, fs);
        RevokeFs mounted = new RevokeFs(mp, kernel, procfs, passthrough, fs, session);
        session.start(READERS);
        Session.Agreement agreed;
        try {
            agreed = session.awaitInit(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agreed = null;
        }
        if (agreed == null) {
            mounted.close();
            throw new RevokeFsException(EIO.number(), "revokefs: " + mp + ": the kernel never sent FUSE_INIT ("
                    + session.endReason() + ")");
        }
        return mounted;
    }

    private static Path checkMountPoint(Path dir) throws RevokeFsException {
        Path abs = dir.toAbsolutePath().normalize();
        // First, before touching it: a mount whose daemon died answers every
        // stat with ENOTCONN and would look missing.
        refuseMountPoint(abs);
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new RevokeFsException(ENOENT.number(), "revokefs: mount point " + abs + " does not exist");
        }
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            throw new RevokeFsException(ENOENT.number(), "revokefs: mount point " + abs + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(real)) {
            throw new RevokeFsException(ENOTDIR.number(), "revokefs: mount point " + abs + " is not a directory");
        }
        refuseMountPoint(real);
        boolean empty;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(real)) {
            empty = !ds.iterator().hasNext();
        } catch (IOException e) {
            throw new RevokeFsException(EIO.number(), "revokefs: mount point " + real + ": " + e.getMessage(), e);
        }
        if (!empty) {
            throw new RevokeFsException(ENOTEMPTY.number(), "revokefs: mount point " + real + " is not empty");
        }
        return real;
    }

    private static void refuseMountPoint(Path dir) throws RevokeFsException {
        Optional<MountTable.Mount> there = MountTable.read().at(dir);
        if (there.isPresent()) {
            throw new RevokeFsException(EBUSY.number(), "revokefs: " + dir + " is already a mount point ("
                    + there.get().type() + ")");
        }
    }

    private static int egid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String describe(long negativeErrno) {
        int e = (int) -negativeErrno;
        Errno known = Errno.of(e);
        return known == null ? "errno " + e : known.description() + " (" + known.name() + ")";
    }

    /**
     * Serves until the mount goes away: {@link #umount(Path)} or umount(8)
     * from anywhere (once the last file open on it is closed), {@link #close()},
     * or an abort of the connection. Then cleans up as {@link #close()} does.
     */
    public void serve() throws InterruptedException {
        session.awaitEnd();
        close();
    }

    /**
     * Unmounts (lazily: MNT_DETACH), stops serving, closes every handle's
     * emulated descriptor and the /dev/fuse descriptor. Processes that still
     * had files open on the mount get ENOTCONN from then on. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        FsSys.umount2(mountPoint.toString(), FsSys.MNT_DETACH | FsSys.UMOUNT_NOFOLLOW);
        session.stop();
        try {
            session.awaitQuiet(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }

    /**
     * {@code revoke umount DIR}: detaches the revokefs mount at {@code dir}
     * (MNT_DETACH). The daemon serving it ends when the last file still
     * open on it is closed.
     *
     * @throws RevokeFsException EINVAL if {@code dir} is not a revokefs mount point
     */
    public static void umount(Path dir) throws RevokeFsException {
        Path abs = dir.toAbsolutePath().normalize();
        MountTable table = MountTable.read();
        if (table.at(abs).isEmpty()) {
            try {
                abs = abs.toRealPath(); // a path through a symlink; a dead mount cannot be resolved, and need not be
            } catch (IOException ignored) {
                // keep the path as given
            }
        }
        Optional<MountTable.Mount> m = table.at(abs);
        if (m.isEmpty()) {
            throw new RevokeFsException(EINVAL.number(), "revokefs: umount " + abs + ": not mounted");
        }
        if (!m.get().isRevokeFs()) {
            throw new RevokeFsException(EINVAL.number(), "revokefs: umount " + abs + ": not a revokefs mount ("
                    + m.get().type() + ")");
        }
        int r = FsSys.umount2(abs.toString(), FsSys.MNT_DETACH | FsSys.UMOUNT_NOFOLLOW);
        if (r < 0) {
            throw new RevokeFsException(-r, "revokefs: umount " + abs + ": " + describe(r));
        }
    }

    // ---- revoking

    /** What {@link #revokePath(Path)} did: status 0 or -errno, and how long the call took. */
    public record Result(Path path, int status, long nanos, String message) {
        public boolean ok() {
            return status == 0;
        }

        /** Throws the failure as a {@link RevokeFsException}; returns this on success. */
        public Result orThrow() throws RevokeFsException {
            if (!ok()) {
                throw new RevokeFsException(-status, message);
            }
            return this;
        }
    }

    /**
     * True if {@code path} (symlinks followed) is inside a revokefs mount,
     * so that {@link #revokePath(Path)} is the route for it. False for a
     * path that cannot be resolved.
     */
    public static boolean serves(Path path) {
        try {
            Path real = path.toAbsolutePath().normalize().toRealPath();
            return MountTable.read().containing(real).map(MountTable.Mount::isRevokeFs).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * revoke(2) of a file inside any revokefs mount, from any process:
     * every real descriptor of it stops working (reads blocked in the daemon
     * return at once; later calls fail as the file's filesystem says: EIO
     * for passthrough and procfs files) and is released exactly once. Returns
     * when all of that is done. Never throws.
     *
     * <p>Failures: ENOENT (no such file), EINVAL "not a revokefs file" (the
     * path is on another filesystem), EPERM (not the owner, or a permanent
     * procfs entry), EINVAL (a directory or other file that cannot be revoked).
     */
    public static Result revokePath(Path path) {
        long start = System.nanoTime();
        Path abs = path.toAbsolutePath().normalize();
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            return new Result(abs, ENOENT.negative(), System.nanoTime() - start,
                    "revoke: " + abs + ": No such file or directory");
        }
        Optional<MountTable.Mount> m = MountTable.read().containing(real);
        if (m.isEmpty() || !m.get().isRevokeFs()) {
            return new Result(real, EINVAL.negative(), System.nanoTime() - start,
                    "revoke: " + real + ": not a revokefs file");
        }
        int r = FsSys.setxattr(real.toString(), EmulatedFs.REVOKE_XATTR, new byte[0], 0);
        long took = System.nanoTime() - start;
        if (r < 0) {
            return new Result(real, r, took, "revoke: " + real + ": " + describe(r));
        }
        return new Result(real, 0, took, "revoke: " + real + ": revoked");
    }

    // ---- this mount

    public Path mountPoint() {
        return mountPoint;
    }

    /** The emulated kernel served. */
    public Kernel kernel() {
        return kernel;
    }

    /** Its procfs; null if the caller mounted none. */
    public ProcFs procfs() {
        return procfs;
    }

    /** The passthrough at {@code /src}; null without a source. */
    public PassthroughFs passthrough() {
        return passthrough;
    }

    /** The FUSE side: handle and node counts, the in-process revoke. */
    public EmulatedFs filesystem() {
        return fs;
    }

    /** FUSE file handles open now (real open files of the mount, directories included). */
    public int openHandles() {
        return fs.openHandles();
    }

    /** FUSE handles open on one file, by its path inside the mount ({@code src/a.txt}, {@code proc/kmsg}). */
    public int openHandles(String relative) {
        return fs.openHandles(emulated(relative));
    }

    /** Revokes a file of this mount from inside the daemon, as user {@code uid}. */
    public RevokeOutcome revoke(String relative, int uid) {
        return fs.revoke(emulated(relative), uid);
    }

    /** Requests the session has read, interrupts among them. */
    public long requests() {
        return session.requests();
    }

    /** Requests whose handler threw and were answered EIO; 0 unless something is wrong. */
    public long failures() {
        return session.failures();
    }

    /** Requests being served now with this opcode ({@code Opcodes.READ}: reads asleep in the daemon). */
    public int requestsInFlight(int opcode) {
        return session.inFlight(opcode);
    }

    public long interrupts() {
        return session.interrupts();
    }

    /** True once the session has ended (unmounted, aborted, or closed). */
    public boolean hasEnded() {
        return session.hasEnded();
    }

    private static String emulated(String relative) {
        String r = relative.startsWith("/") ? relative.substring(1) : relative;
        return "/" + r;
    }

    @Override
    public String toString() {
        return "revokefs at " + mountPoint + (passthrough != null ? " (src: " + passthrough.source() + ")" : "");
    }
}
