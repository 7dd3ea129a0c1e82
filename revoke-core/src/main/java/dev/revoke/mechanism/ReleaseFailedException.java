package dev.revoke.mechanism;

/** A file's release threw. The file still counts as released: it is detached and never released again. */
public final class ReleaseFailedException extends RuntimeException {
    public ReleaseFailedException(Throwable cause) {
        super("release failed: " + cause, cause);
    }
}
