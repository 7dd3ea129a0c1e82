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
 */
public final class IoErrno {
    private IoErrno() {
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
