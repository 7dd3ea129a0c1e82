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
 * @param nanos    how long the hangup took, for REVOKED
 */
public record PathResult(String path, FileIdentity identity, String driver, HolderScan.Result holders,
                         Status status, Errno errno, String reason, long nanos) {

    public enum Status {
        /** Hung up. */
        REVOKED,
        /** --dry-run: would have been hung up. */
        WOULD_REVOKE,
        /** Not revocable on Linux. */
        REFUSED,
        /** An error on the way. */
        FAILED
    }

    public int exitCode() {
        return switch (status) {
            case REVOKED, WOULD_REVOKE -> ExitCodes.OK;
            case REFUSED -> ExitCodes.REFUSED;
            case FAILED -> ExitCodes.FAILED;
        };
    }

    /** The action taken or planned: "hangup" for terminals, "none" otherwise. */
    public String action() {
        return status == Status.REVOKED || status == Status.WOULD_REVOKE || driver != null ? "hangup" : "none";
    }

    /** {@code revoke: /nope: No such file or directory}, for FAILED and REFUSED. */
    public String errorLine() {
        return "revoke: " + path + ": " + reason;
    }
}
