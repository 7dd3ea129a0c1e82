package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EACCES;
import static dev.revoke.panama.Errno.EINVAL;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file as a filesystem knows it. Directories answer {@link #lookup};
 * symlinks {@link #readlink}; regular files and devices hand out
 * {@link FileOperations} for the files opened on them. Results that can fail
 * are Linux-style: a value, or a negative errno.
 */
public abstract class Inode {
    private static final AtomicLong NEXT_INO = new AtomicLong(1);

    private final long ino = NEXT_INO.getAndIncrement();
    private final InodeType type;
    private volatile int mode;
    private volatile int uid;

    protected Inode(InodeType type, int mode, int uid) {
        this.type = type;
        this.mode = mode & 07777;
        this.uid = uid;
    }

    public final long ino() {
        return ino;
    }

    public final InodeType type() {
        return type;
    }

    /** Permission bits only ({@code 0644}); {@link InodeType#format()} gives the rest of {@code st_mode}. */
    public final int mode() {
        return mode;
    }

    public final void chmod(int mode) {
        this.mode = mode & 07777;
    }

    public final int uid() {
        return uid;
    }

    public final void chown(int uid) {
        this.uid = uid;
    }

    /** The child called {@code name}, or null if there is none (ENOENT). Directories only. */
    public Inode lookup(String name, Caller caller) {
        return null;
    }

    /** Names of the children, for listings. Directories only. */
    public List<String> list(Caller caller) {
        return List.of();
    }

    /** Creates a regular file for {@code O_CREAT}; a negative errno or 0, then {@link #lookup} finds it. */
    public int create(String name, int mode, Caller caller) {
        return EACCES.negative();
    }

    /** A symlink's target, which may depend on who reads it ({@code /proc/self}). */
    public String readlink(Caller caller) {
        return null;
    }

    /** How files opened on this inode behave; null for directories and symlinks. */
    public FileOperations fileOperations() {
        return null;
    }

    /** The device number of a character device node; null otherwise. */
    public DeviceNumber rdev() {
        return null;
    }

    /** Size in bytes, for {@code SEEK_END}; 0 where it means nothing. */
    public long size() {
        return 0;
    }

    /** Truncates to zero for {@code O_TRUNC}; a negative errno where that is refused. */
    public int truncate() {
        return EINVAL.negative();
    }

    @Override
    public String toString() {
        return type + "#" + ino;
    }
}
