package dev.revoke.vfs;

import static dev.revoke.panama.Errno.EINVAL;


/** {@code generic_file_llseek} for files that know their size. */
public final class Seek {
    public static long generic(OpenFile f, long offset, int whence, long size) {
        synchronized (f) {
            long base = switch (whence) {
                case Abi.SEEK_SET -> 0;
                case Abi.SEEK_CUR -> f.position();
                case Abi.SEEK_END -> size;
                default -> -1;
            };
            if (base < 0 || base + offset < 0) {
                return EINVAL.negative();
            }
            f.setPosition(base + offset);
            return base + offset;
        }
    }

    private Seek() {}
}
