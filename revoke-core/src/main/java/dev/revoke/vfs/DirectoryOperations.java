package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EISDIR;

/** Files opened on directories: they exist to be listed, not read. */
public final class DirectoryOperations implements FileOperations {
    public static final DirectoryOperations INSTANCE = new DirectoryOperations();

    @Override
    public long read(OpenFile f, byte[] buf, int off, int len) {
        return EISDIR.negative();
    }

    @Override
    public long write(OpenFile f, byte[] buf, int off, int len) {
        return EISDIR.negative();
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        return Seek.generic(f, offset, whence, 0);
    }

    private DirectoryOperations() {}
}
