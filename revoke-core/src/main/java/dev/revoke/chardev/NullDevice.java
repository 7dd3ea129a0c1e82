package dev.revoke.chardev;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.CharDriver;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.OpenFile;

/** {@code /dev/null} (1:3): reads end at once, writes vanish. Every spawned process's 0, 1 and 2. */
public final class NullDevice implements CharDriver {
    private static final FileOperations OPERATIONS = new FileOperations() {
        @Override
        public long read(OpenFile f, byte[] buf, int off, int len) {
            return 0;
        }

        @Override
        public long write(OpenFile f, byte[] buf, int off, int len) {
            return len;
        }

        @Override
        public long llseek(OpenFile f, long offset, int whence) {
            return 0;
        }
    };

    /** Not revocable: it never goes away, like a permanent procfs entry. */
    @Override
    public FileOperations operations(CharDevice device) {
        return OPERATIONS;
    }
}
