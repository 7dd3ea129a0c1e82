package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EFAULT;

/**
 * A shared mapping of an open file. Pages the filesystem populated at mmap
 * time stay readable whatever happens to the file (procfs keeps old
 * mappings); anything else is faulted through the file's methods, so it
 * fails once the file is revoked (kernfs zaps them, and later access gets
 * SIGBUS).
 */
public final class Mapping {
    private final OpenFile file;
    private final long offset;
    private final int length;
    private volatile byte[] pages;

    Mapping(OpenFile file, long offset, int length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    public OpenFile file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Fills the mapping now: these bytes survive a revocation. */
    public void populate(byte[] content) {
        this.pages = content.clone();
    }

    /** The populated byte at {@code offset} into the mapping, or {@code -EFAULT} if there is none. */
    public int populated(long at) {
        byte[] p = pages;
        if (p == null || at < 0 || at >= p.length) {
            return EFAULT.negative();
        }
        return p[(int) at] & 0xff;
    }
}
