package dev.revoke.revokefs.passthrough;

import static dev.revoke.panama.Errno.EBADF;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.ENOTTY;

import dev.revoke.mechanism.Revokable;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Sys;
import dev.revoke.revokefs.sys.FsSys;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.RevokedOperations;
import dev.revoke.vfs.Seek;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The methods of an open passthrough file: positional I/O on the real
 * descriptor at the emulated file's position. Reached only through the
 * gate, so once the file is revoked none of them runs again and the file
 * answers as {@link RevokedOperations#DEADFS} (read and write EIO).
 *
 * <p>The emulated VFS has no {@code fsync} method, so the two syncs are
 * private ioctl requests, {@link #IOC_FSYNC} and {@link #IOC_FDATASYNC}:
 * they too go through the gate, and so never touch a real descriptor that a
 * revocation has closed (and whose number may have been reused).
 */
public final class PassthroughOps implements FileOperations {
    static final PassthroughOps INSTANCE = new PassthroughOps();

    /** ioctl: fsync(2) the real file. No argument. ENOTTY on other files, EIO-style results once revoked. */
    public static final int IOC_FSYNC = 0x72F5;
    /** ioctl: fdatasync(2) the real file. */
    public static final int IOC_FDATASYNC = 0x72F6;
    /** ioctl: ftruncate(2) the real file to {@code ((long[]) arg)[0]} bytes. */
    public static final int IOC_FTRUNCATE = 0x72F7;

    /** The driver's half of one open file: the real descriptor. */
    static final class RealFile {
        final PassthroughNode node;
        final NativeFd fd;
        final boolean append;

        RealFile(PassthroughNode node, NativeFd fd, boolean append) {
            this.node = node;
            this.fd = fd;
            this.append = append;
        }
    }

    @Override
    public int open(Inode inode, OpenFile f) {
        PassthroughNode node = (PassthroughNode) inode;
        int flags = (f.flags() & (Abi.O_ACCMODE | Abi.O_APPEND)) | Abi.O_CLOEXEC | Abi.O_NOFOLLOW;
        int fd = Sys.open(node.realPath(), flags, 0);
        if (fd < 0) {
            return fd;
        }
        node.fs().realOpened.incrementAndGet();
        RealFile rf = new RealFile(node, NativeFd.adopt(fd), (f.flags() & Abi.O_APPEND) != 0);
        f.setPrivateData(rf);
        while (true) {
            Revokable generation = node.currentGeneration();
            int rc = f.makeRevokable(generation);
            if (rc == 0) {
                return 0; // from here on a revocation may release the file: touch nothing
            }
            if (node.currentGeneration() == generation) {
                // not revoked and yet gone: cannot happen, but do not leak the descriptor
                f.setPrivateData(null);
                closeReal(rf);
                return rc;
            }
            // A revocation replaced the generation between our read and our attach: join the new one.
        }
    }

    @Override
    public long read(OpenFile f, byte[] buf, int off, int len) {
        RealFile rf = real(f);
        if (len == 0) {
            return 0;
        }
        synchronized (rf) {
            long pos = f.position();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(len);
                long n = FsSys.pread(rf.fd.raw(), seg, len, pos);
                if (n > 0) {
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, buf, off, (int) n);
                    f.setPosition(pos + n);
                }
                return n;
            }
        }
    }

    @Override
    public long write(OpenFile f, byte[] buf, int off, int len) {
        RealFile rf = real(f);
        if (len == 0) {
            return 0;
        }
        synchronized (rf) {
            long pos = f.position();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(len);
                MemorySegment.copy(buf, off, seg, ValueLayout.JAVA_BYTE, 0, len);
                long done = 0;
                while (done < len) {
                    // With O_APPEND Linux's pwrite appends whatever the offset.
                    long n = FsSys.pwrite(rf.fd.raw(), seg.asSlice(done), len - done, pos + done);
                    if (n < 0) {
                        if (done > 0) {
                            break;
                        }
                        return n;
                    }
                    done += n;
                }
                f.setPosition(rf.append ? rf.node.size() : pos + done);
                return done;
            }
        }
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        return Seek.generic(f, offset, whence, real(f).node.size());
    }

    @Override
    public long ioctl(OpenFile f, int cmd, Object arg) {
        RealFile rf = real(f);
        return switch (cmd) {
            case IOC_FSYNC -> FsSys.fsync(rf.fd.raw());
            case IOC_FDATASYNC -> FsSys.fdatasync(rf.fd.raw());
            case IOC_FTRUNCATE -> {
                if (!(arg instanceof long[] v) || v.length < 1) {
                    yield EFAULT.negative();
                }
                if (!f.canWrite()) {
                    yield EBADF.negative();
                }
                yield FsSys.ftruncate(rf.fd.raw(), v[0]);
            }
            default -> ENOTTY.negative();
        };
    }

    /**
     * The last close or the revocation, exactly once: fsync, then close the
     * real descriptor. No method of the file is running (the mechanism
     * waited for them), so the number cannot be in use by one of them.
     */
    @Override
    public void release(OpenFile f) {
        RealFile rf = (RealFile) f.privateData();
        if (rf == null) {
            return;
        }
        rf.node.fs().releases.incrementAndGet();
        if (f.canWrite()) {
            FsSys.fsync(rf.fd.raw());
        }
        closeReal(rf);
    }

    private static void closeReal(RealFile rf) {
        rf.fd.close();
        rf.node.fs().realClosed.incrementAndGet();
    }

    /** FreeBSD's deadfs: read and write EIO, poll HUP, ioctl ENOTTY. */
    @Override
    public FileOperations revokedOperations() {
        return RevokedOperations.DEADFS;
    }

    private static RealFile real(OpenFile f) {
        return (RealFile) f.privateData();
    }

    @Override
    public String toString() {
        return "passthrough";
    }

    private PassthroughOps() {}
}
