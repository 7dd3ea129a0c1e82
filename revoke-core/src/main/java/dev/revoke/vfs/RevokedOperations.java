package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENODEV;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ESPIPE;

/**
 * What the methods of a revoked file return, one set per family of real
 * systems (REVOCATION.md section 3). A filesystem picks one from its
 * {@link FileOperations#revokedOperations()}; the gate calls it instead of
 * the live methods as soon as start_using fails, the way a hung-up tty's
 * {@code f_op} becomes {@code hung_up_tty_fops}.
 */
public final class RevokedOperations {

    /** Linux procfs after {@code remove_proc_entry}: EIO, lseek EINVAL, old mappings kept. */
    public static final FileOperations PROCFS = new FileOperations() {
        @Override public long read(OpenFile f, byte[] b, int o, int l) { return EIO.negative(); }
        @Override public long write(OpenFile f, byte[] b, int o, int l) { return EIO.negative(); }
        @Override public long llseek(OpenFile f, long off, int whence) { return EINVAL.negative(); }
        @Override public int poll(OpenFile f, int events, PollTable t) { return Abi.DEFAULT_POLLMASK; }
        @Override public long ioctl(OpenFile f, int cmd, Object arg) { return ENOTTY.negative(); }
        @Override public int mmap(OpenFile f, Mapping m) { return EIO.negative(); }
        @Override public int fault(OpenFile f, Mapping m, long at) { return m.populated(at); }
        @Override public FileOperations revokedOperations() { return this; }
        @Override public String toString() { return "procfs-revoked"; }
    };

    /** kernfs (sysfs) after deactivation: ENODEV, poll adds ERR|PRI, mappings zapped. */
    public static final FileOperations KERNFS = new FileOperations() {
        @Override public long read(OpenFile f, byte[] b, int o, int l) { return ENODEV.negative(); }
        @Override public long write(OpenFile f, byte[] b, int o, int l) { return ENODEV.negative(); }
        @Override public long llseek(OpenFile f, long off, int whence) { return ENODEV.negative(); }
        @Override public int poll(OpenFile f, int events, PollTable t) {
            return Abi.DEFAULT_POLLMASK | Abi.POLLERR | Abi.POLLPRI;
        }
        @Override public long ioctl(OpenFile f, int cmd, Object arg) { return ENOTTY.negative(); }
        @Override public int mmap(OpenFile f, Mapping m) { return ENODEV.negative(); }
        @Override public int fault(OpenFile f, Mapping m, long at) { return EFAULT.negative(); }
        @Override public FileOperations revokedOperations() { return this; }
        @Override public String toString() { return "kernfs-revoked"; }
    };

    /**
     * FreeBSD's deadfs, for revoked character devices that are not ttys:
     * EIO, poll HUP plus whatever of IN|RDNORM was asked, mappings zapped.
     */
    public static final FileOperations DEADFS = new FileOperations() {
        @Override public long read(OpenFile f, byte[] b, int o, int l) { return EIO.negative(); }
        @Override public long write(OpenFile f, byte[] b, int o, int l) { return EIO.negative(); }
        @Override public long llseek(OpenFile f, long off, int whence) { return ESPIPE.negative(); }
        @Override public int poll(OpenFile f, int events, PollTable t) {
            return Abi.POLLHUP | (events & (Abi.POLLIN | Abi.POLLRDNORM));
        }
        @Override public long ioctl(OpenFile f, int cmd, Object arg) { return ENOTTY.negative(); }
        @Override public int mmap(OpenFile f, Mapping m) { return ENODEV.negative(); }
        @Override public int fault(OpenFile f, Mapping m, long at) { return EFAULT.negative(); }
        @Override public FileOperations revokedOperations() { return this; }
        @Override public String toString() { return "deadfs"; }
    };

    private RevokedOperations() {}
}
