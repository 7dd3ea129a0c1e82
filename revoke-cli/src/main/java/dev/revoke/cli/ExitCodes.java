package dev.revoke.cli;

/**
 * The exit codes of every revoke command, in one place so that the help
 * text, docs/cli.md and the tests agree. Several paths: the worst wins, and
 * a failure is worse than a refusal.
 */
public final class ExitCodes {
    /** Everything asked was done (or, with --dry-run, would be). */
    public static final int OK = 0;
    /** Some path failed (missing, permission, capability); a scenario expectation failed or a call hung; a demo check failed. */
    public static final int FAILED = 1;
    /** Usage error or malformed input: unknown option, missing argument, a scenario line that does not parse. */
    public static final int USAGE = 2;
    /** Refused: the path is not something Linux can revoke (not a terminal). */
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
