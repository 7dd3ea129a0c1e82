package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOENT;

import dev.revoke.mechanism.Revoke;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.Mapping;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;
import dev.revoke.vfs.RevokedOperations;

/**
 * The file operations of every procfs file, Linux's {@code proc_reg_*}:
 * they hand each call to the entry's {@link ProcOps}. The gate has already
 * done {@code use_pde}/{@code unuse_pde} around each of them (for
 * non-permanent entries), and switches to {@link RevokedOperations#PROCFS}
 * once the entry is removed; only the open does its own counting.
 */
final class ProcFileOperations implements FileOperations {
    static final ProcFileOperations INSTANCE = new ProcFileOperations();

    /**
     * {@code proc_reg_open}. A permanent entry's open is a plain call. For
     * the others, Linux takes {@code use_pde}, runs {@code ->open}, adds the
     * file to the openers, then drops {@code use_pde}. The mechanism offers
     * the steps in another order with the same guarantees: attach the file
     * first ({@code make_revokable}, ENOENT if the entry is going away), then
     * enter the entry through the file's own {@code Revoke} and run
     * {@code ->open} inside, so a removal waits for it. Between the two
     * steps a removal may already have released the file: entering fails,
     * {@code ->open} never runs, the open fails with ENOENT, and the
     * rundown's release (which finds no successful open) is the only one.
     * A failed {@code ->open} detaches the file again at once (its last
     * reference goes, with no {@code ->release}, as in Linux).
     */
    @Override
    public int open(Inode inode, OpenFile f) {
        ProcFile entry = (ProcFile) inode;
        ProcHandle h = new ProcHandle(entry, f);
        f.setPrivateData(h);
        if (entry.isPermanent()) {
            return callOpen(h);
        }
        int rc = f.makeRevokable(entry.revokable());
        if (rc < 0) {
            return rc;
        }
        Revoke r = f.revoke();
        if (!r.startUsing()) {
            return ENOENT.negative();
        }
        try {
            rc = callOpen(h);
            if (rc < 0) {
                f.put();
            }
            return rc;
        } finally {
            r.stopUsing();
        }
    }

    private static int callOpen(ProcHandle h) {
        int rc;
        try {
            rc = h.procFile().ops.open(h);
        } catch (RuntimeException e) {
            rc = failed(h, "open", e);
        }
        if (rc >= 0) {
            h.opened = true;
            return 0;
        }
        return rc;
    }

    @Override
    public long read(OpenFile f, byte[] buf, int off, int len) {
        ProcHandle h = handle(f);
        try {
            return h.procFile().ops.read(h, buf, off, len);
        } catch (RuntimeException e) {
            return failed(h, "read", e);
        }
    }

    @Override
    public long write(OpenFile f, byte[] buf, int off, int len) {
        ProcHandle h = handle(f);
        try {
            return h.procFile().ops.write(h, buf, off, len);
        } catch (RuntimeException e) {
            return failed(h, "write", e);
        }
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        ProcHandle h = handle(f);
        try {
            return h.procFile().ops.lseek(h, offset, whence);
        } catch (RuntimeException e) {
            return failed(h, "lseek", e);
        }
    }

    @Override
    public int poll(OpenFile f, int events, PollTable table) {
        ProcHandle h = handle(f);
        try {
            return h.procFile().ops.poll(h, events, table);
        } catch (RuntimeException e) {
            failed(h, "poll", e);
            return Abi.POLLERR;
        }
    }

    @Override
    public long ioctl(OpenFile f, int cmd, Object arg) {
        ProcHandle h = handle(f);
        try {
            return h.procFile().ops.ioctl(h, cmd, arg);
        } catch (RuntimeException e) {
            return failed(h, "ioctl", e);
        }
    }

    @Override
    public int mmap(OpenFile f, Mapping m) {
        ProcHandle h = handle(f);
        try {
            return h.procFile().ops.mmap(h, m);
        } catch (RuntimeException e) {
            return failed(h, "mmap", e);
        }
    }

    /**
     * The last close or the rundown, exactly once per file (the mechanism
     * arbitrates; the flag here only makes a broken mechanism loud).
     * {@code ->release} runs only for files whose {@code ->open} succeeded;
     * whatever it throws goes to the caller, which reports it.
     */
    @Override
    public void release(OpenFile f) {
        ProcHandle h = (ProcHandle) f.privateData();
        if (h == null) {
            return;
        }
        if (!h.markReleased()) {
            throw new IllegalStateException("procfs: " + h + " released twice");
        }
        if (h.opened) {
            h.procFile().ops.release(h);
        }
    }

    /** Linux procfs after removal: EIO, lseek EINVAL, poll always ready, ioctl ENOTTY, mmap EIO. */
    @Override
    public FileOperations revokedOperations() {
        return RevokedOperations.PROCFS;
    }

    private static ProcHandle handle(OpenFile f) {
        return (ProcHandle) f.privateData();
    }

    private static int failed(ProcHandle h, String method, RuntimeException e) {
        h.procFile().fs.kmsg().log("procfs: " + h + ": " + method + " threw " + e);
        return EIO.negative();
    }

    private ProcFileOperations() {}
}
