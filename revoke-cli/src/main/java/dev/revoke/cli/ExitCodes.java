package dev.revoke.cli;

/**
 * The exit codes of every revoke command, in one place so that the help
 * text, docs/cli.md and the tests agree. Several paths: the worst wins, and
 * a failure is worse than a refusal.
 *
 * <p>{@code revoke mount} serves until it is unmounted (0) or stopped by a
 * signal: its shutdown hook unmounts, and the JVM then exits with
 * 128 + the signal, as any Unix command does (130 for SIGINT, 143 for
 * SIGTERM); those two are the JVM's, not constants here.
 */
public final class ExitCodes {
    /** Everything asked was done (or, with --dry-run, would be); a mount served and was unmounted. */
    public static final int OK = 0;
    /**
     * Some path failed (missing, permission, capability, not the owner of a revokefs file); a mount or an
     * unmount failed (not root, no /dev/fuse, a missing, non-empty or busy mount point, not a revokefs mount);
     * a scenario expectation failed or a call hung; a demo check failed.
     */
    public static final int FAILED = 1;
    /** Usage error or malformed input: unknown option, missing argument, a scenario line that does not parse. */
    public static final int USAGE = 2;
    /** Refused: the path is not revocable (not a terminal and not a file inside a revokefs mount, or a directory inside one). */
    public static final int REFUSED = 3;

    private ExitCodes() {
    }

    /** The worse of two codes: USAGE, then FAILED, then REFUSED, then OK. */
    public static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case OK -> 0;
            case REFUSED -> 1;
            case FAILED -> 2;
            case USAGE -> 3;
            default -> 4;
        };
    }

}
