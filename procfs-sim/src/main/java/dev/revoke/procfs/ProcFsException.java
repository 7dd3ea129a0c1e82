package dev.revoke.procfs;

import dev.revoke.panama.Errno;

/** A create call that cannot be done: the name exists, the parent is missing, the name is bad. */
public final class ProcFsException extends RuntimeException {
    private final Errno errno;

    public ProcFsException(Errno errno, String message) {
        super(message + " (" + errno + ")");
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
