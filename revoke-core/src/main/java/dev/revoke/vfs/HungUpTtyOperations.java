package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENODEV;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ESPIPE;


/**
 * What a revoked terminal answers: Linux's {@code hung_up_tty_fops}, the
 * methods {@code __tty_hangup} swaps in. Read is end-of-file, write is EIO,
 * poll reports IN|OUT|ERR|HUP|RDNORM|WRNORM, ioctl is EIO except
 * TIOCSPGRP, which is ENOTTY (REVOCATION.md section 3, tty column). The same
 * answers the real kernel gives after TIOCVHANGUP, which panama-bindings'
 * HangupTest checks on a real pty.
 */
public final class HungUpTtyOperations implements FileOperations {
    public static final HungUpTtyOperations INSTANCE = new HungUpTtyOperations();

    /** Read of a hung-up tty: end of file. */
    public static final long READ = 0;
    /** Write to a hung-up tty. */
    public static final long WRITE = EIO.negative();

    private HungUpTtyOperations() {}

    @Override
    public long read(OpenFile f, byte[] b, int off, int len) {
        return READ;
    }

    @Override
    public long write(OpenFile f, byte[] b, int off, int len) {
        return WRITE;
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        return ESPIPE.negative();
    }

    @Override
    public int poll(OpenFile f, int events, PollTable table) {
        return Abi.POLLIN | Abi.POLLOUT | Abi.POLLERR | Abi.POLLHUP | Abi.POLLRDNORM | Abi.POLLWRNORM;
    }

    @Override
    public long ioctl(OpenFile f, int cmd, Object arg) {
        return cmd == Abi.TIOCSPGRP ? ENOTTY.negative() : EIO.negative();
    }

    @Override
    public int mmap(OpenFile f, Mapping m) {
        return ENODEV.negative();
    }

    @Override
    public int fault(OpenFile f, Mapping m, long offset) {
        return EFAULT.negative();
    }

    @Override
    public int fasync(OpenFile f, boolean on) {
        return ENOTTY.negative();
    }

    @Override
    public FileOperations revokedOperations() {
        return this;
    }

    @Override
    public String toString() {
        return "hung-up-tty";
    }
}
