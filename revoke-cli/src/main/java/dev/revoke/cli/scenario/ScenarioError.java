package dev.revoke.cli.scenario;

/**
 * A line that does not parse, or names what was never declared: the file
 * is malformed, nothing runs, {@code FILE:LINE: reason} and exit 2.
 */
public final class ScenarioError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public ScenarioError(String reason) {
        this(0, reason);
    }

    public ScenarioError(int line, String reason) {
        super(reason);
        this.line = line;
    }

    public int line() {
        return line;
    }

    ScenarioError at(int lineNo) {
        return line != 0 ? this : new ScenarioError(lineNo, getMessage());
    }
}
