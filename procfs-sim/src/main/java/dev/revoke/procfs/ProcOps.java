package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ESPIPE;

import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Mapping;
import dev.revoke.vfs.PollTable;
import dev.revoke.vfs.Seek;

/**
 * The methods of a procfs file, Linux's {@code struct proc_ops}. Results
 * are Linux's: a count or value, or a negative errno. The defaults are what
 * procfs does for a method the entry does not have: read and write EIO,
 * lseek ESPIPE (the file is not seekable), poll "always ready", ioctl
 * ENOTTY, mmap EIO.
 *
 * <p>procfs calls these between {@code start_using} and {@code stop_using},
 * so a removal waits for every call in flight, {@link #open} included, and
 * once it has returned none is ever made again for the removed entry. A
 * method that sleeps must sleep on {@link ProcHandle#waitQueue()}, which the
 * removal wakes; otherwise the removal waits for it (as Linux's
 * {@code remove_proc_entry} would).
 *
 * <p>{@link #release} is called exactly once for every file whose
 * {@link #open} succeeded: by its last close, or by the removal of the
 * entry, whichever comes first. An open that fails gets no release.
 *
 * <p>A method that throws a {@link RuntimeException} is logged to
 * {@link ProcFs#kmsg()} and its call fails with EIO; a release that throws
 * is reported by the removal (or by the close) and still counts as done.
 */
public interface ProcOps {

    /** {@code proc_open}: 0, or a negative errno that fails the open. */
    default int open(ProcHandle file) {
        return 0;
    }

    default long read(ProcHandle file, byte[] buf, int off, int len) {
        return EIO.negative();
    }

    default long write(ProcHandle file, byte[] buf, int off, int len) {
        return EIO.negative();
    }

    /** Without it Linux clears {@code FMODE_LSEEK}, and {@code lseek(2)} fails with ESPIPE. */
    default long lseek(ProcHandle file, long offset, int whence) {
        return ESPIPE.negative();
    }

    /** Readiness for {@code events}; a method that may make the poller sleep calls {@code table.waitOn(file.waitQueue())}. */
    default int poll(ProcHandle file, int events, PollTable table) {
        return Abi.DEFAULT_POLLMASK;
    }

    default long ioctl(ProcHandle file, int cmd, Object arg) {
        return ENOTTY.negative();
    }

    default int mmap(ProcHandle file, Mapping mapping) {
        return EIO.negative();
    }

    /** {@code proc_release}: once per successful open. */
    default void release(ProcHandle file) {
    }

    /** {@code default_llseek}, for entries that are seekable over {@code size} bytes. */
    static long defaultLlseek(ProcHandle file, long offset, int whence, long size) {
        return Seek.generic(file.file(), offset, whence, size);
    }
}
