package dev.revoke.revokefs.bridge;

import dev.revoke.panama.Errno;

/**
 * What a revoke through revokefs did: {@code status} 0 or {@code -errno},
 * how many open files it released, and how long it took (kick, drain and
 * releases included).
 */
public record RevokeOutcome(String path, int status, int released, long nanos, String message) {
    public boolean ok() {
        return status == 0;
    }

    static RevokeOutcome failed(String path, int status, String why) {
        return new RevokeOutcome(path, status, 0, 0, "revoke: " + path + ": " + why);
    }

    @Override
    public String toString() {
        return ok() ? "revoke " + path + ": " + released + " file(s) released in " + nanos / 1000 + " us"
                : message + " (" + Errno.nameOf(-status) + ")";
    }
}
