package dev.revoke.cli.terminal;

import dev.revoke.panama.Errno;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The errno behind a java.nio failure, so that every error prints as a C
 * tool prints it ({@code No such file or directory}), whether it came from
 * a native call or from the JDK. The JDK keeps strerror's text as the
 * exception's reason; matching it against {@link Errno#description()} finds
 * the number for the cases without an exception class of their own.
 *
 * <p>The JDK folds some errnos into others (a path through a regular file,
 * ENOTDIR, comes back as NoSuchFileException), so for a failed look-up of a
 * path {@link #ofPath} asks the kernel itself: an {@code open(O_PATH)},
 * which resolves the path exactly as stat(2) does but opens nothing (no
 * driver's open runs).
 */
public final class IoErrno {
    private IoErrno() {
    }

    /** O_PATH, the same on x86_64 and arm64 (asm-generic). */
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;

    /** The errno of a failed look-up of {@code path}, from the kernel if it still fails, else from {@code e}. */
    public static Errno ofPath(String path, IOException e) {
        int fd = dev.revoke.panama.Sys.open(path, O_PATH | O_CLOEXEC, 0);
        if (fd >= 0) {
            dev.revoke.panama.Sys.close(fd);
            return of(e);
        }
        Errno err = Errno.of(-fd);
        return err == null ? of(e) : err;
    }

    public static Errno of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        if (e instanceof FileSystemLoopException) {
            return Errno.ELOOP;
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            for (Errno x : Errno.values()) {
                if (f.getReason().equals(x.description())) {
                    return x;
                }
            }
        }
        return Errno.EIO;
    }
}
