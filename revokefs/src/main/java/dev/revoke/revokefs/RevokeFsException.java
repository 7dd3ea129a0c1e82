package dev.revoke.revokefs;

import dev.revoke.panama.Errno;

import java.io.IOException;

/**
 * A revokefs operation that failed: mount, umount or revoke. The message is
 * ready for a user ({@code revoke: /x: not a revokefs file}), and
 * {@link #errno()} says which errno a system call would have returned.
 */
public final class RevokeFsException extends IOException {
    private final int errno;

    public RevokeFsException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public RevokeFsException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The positive errno ({@code ENOENT} is 2). */
    public int errno() {
        return errno;
    }

    public Errno error() {
        return Errno.of(errno);
    }
}
