package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.ENODEV;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ESPIPE;

/**
 * A filesystem's or driver's methods for open files: Linux's
 * {@code struct file_operations}. Every call reaches them through
 * {@link Gate}, which brackets it with the file's start/stop using and
 * switches to {@link #revokedOperations()} once the file is revoked.
 *
 * <p>Results are Linux's: a count or value, or a negative errno. Defaults
 * are what Linux does for a missing method.
 */
public interface FileOperations {

    /**
     * Called while opening. A revocable file calls
     * {@link OpenFile#makeRevokable} as its very last step (Viro's point 1:
     * after it, a revocation may release the file at any moment).
     */
    default int open(Inode inode, OpenFile file) {
        return 0;
    }

    default long read(OpenFile file, byte[] buf, int off, int len) {
        return EINVAL.negative();
    }

    default long write(OpenFile file, byte[] buf, int off, int len) {
        return EINVAL.negative();
    }

    default long llseek(OpenFile file, long offset, int whence) {
        return ESPIPE.negative();
    }

    /**
     * Current readiness for {@code events}. A method that may make the poller
     * sleep registers the queues it will wake with {@link PollTable#waitOn}.
     */
    default int poll(OpenFile file, int events, PollTable table) {
        return Abi.DEFAULT_POLLMASK;
    }

    /** {@code arg} stands for the user pointer or value: an {@code int[]} for out-parameters, and so on. */
    default long ioctl(OpenFile file, int cmd, Object arg) {
        return ENOTTY.negative();
    }

    /** Sets up {@code mapping} (fills its pages or prepares to fault them); 0 or a negative errno. */
    default int mmap(OpenFile file, Mapping mapping) {
        return ENODEV.negative();
    }

    /** A page fault in a mapping: the byte at {@code offset}, or {@code -EFAULT} for SIGBUS. */
    default int fault(OpenFile file, Mapping mapping, long offset) {
        return mapping.populated(offset);
    }

    default int fasync(OpenFile file, boolean on) {
        return 0;
    }

    /** The last close, or a revocation: called exactly once, never through start/stop using. */
    default void release(OpenFile file) {
    }

    /**
     * What this file's methods return once it is revoked: procfs's EIO, a
     * hung-up tty's EOF, FreeBSD's deadfs. See {@link RevokedOperations}.
     */
    default FileOperations revokedOperations() {
        return RevokedOperations.DEADFS;
    }
}
