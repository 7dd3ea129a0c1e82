package dev.revoke.mechanism;

/**
 * {@code revokeIt} called from inside a method of a file it would revoke:
 * the drain would wait for the caller itself (Viro's point 2). Use
 * {@link Revokable#revokeAsync()} from there.
 */
public final class SelfRevokeException extends IllegalStateException {
    public SelfRevokeException(Revokable resource) {
        super("revokeIt(" + resource + ") called from inside a method of a file it revokes; "
                + "it would wait for itself. Use revokeAsync() from inside methods.");
    }
}
