package dev.revoke.cli.terminal;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.holders.FileIdentity;
import dev.revoke.cli.holders.HolderScan;
import dev.revoke.panama.Errno;

/**
 * What happened to one PATH of {@code revoke PATH...}: what it is, who
 * held it, what was done and how it ended. Both the text and the JSON
 * report are rendered from this, so they cannot disagree.
 *
 * @param identity null when the path could not even be stat'ed
 * @param driver   the tty driver owning the device, when known
 * @param holders  null when the scan was not made
 * @param errno    the error, for FAILED (and for a REFUSED that came from the kernel, e.g. ENOTTY)
 * @param reason   the text after {@code revoke: PATH: }, for FAILED and REFUSED
 * @param nanos    how long the revocation took (the hangup ioctl, or the revokefs call), for REVOKED
 * @param route    how the path is revoked: a terminal's hangup, or revokefs
 * @param mount    for {@link Route#REVOKEFS}: the mount point of the revokefs mount serving the path
 */
public record PathResult(String path, FileIdentity identity, String driver, HolderScan.Result holders,
                         Status status, Errno errno, String reason, long nanos, Route route, String mount) {

    public enum Status {
        /** Hung up, or revoked through revokefs. */
        REVOKED,
        /** --dry-run: would have been revoked. */
        WOULD_REVOKE,
        /** Not revocable on Linux. */
        REFUSED,
        /** An error on the way. */
        FAILED
    }

    /** Which way a path goes: everything outside revokefs mounts is the terminal route (and refused unless a terminal). */
    public enum Route {
        /** TIOCVHANGUP, for terminals; anything else outside a revokefs mount is refused on this route. */
        TERMINAL,
        /** A file inside a revokefs mount: revoked by the daemon serving it (setxattr user.revoke). */
        REVOKEFS
    }

    /** A result of the terminal route. */
    public PathResult(String path, FileIdentity identity, String driver, HolderScan.Result holders,
                      Status status, Errno errno, String reason, long nanos) {
        this(path, identity, driver, holders, status, errno, reason, nanos, Route.TERMINAL, null);
    }

    public int exitCode() {
        return switch (status) {
            case REVOKED, WOULD_REVOKE -> ExitCodes.OK;
            case REFUSED -> ExitCodes.REFUSED;
            case FAILED -> ExitCodes.FAILED;
        };
    }

    /** The action taken or planned: "revokefs" inside a revokefs mount, "hangup" for terminals, "none" otherwise. */
    public String action() {
        if (route == Route.REVOKEFS) {
            return "revokefs";
        }
        return status == Status.REVOKED || status == Status.WOULD_REVOKE || driver != null ? "hangup" : "none";
    }

    /** {@code revoke: /nope: No such file or directory}, for FAILED and REFUSED. */
    public String errorLine() {
        return "revoke: " + path + ": " + reason;
    }
}
