package dev.revoke.cli.scenario;

/**
 * A scenario that parsed but did not go as written: an expectation that
 * does not hold, a call that hangs, a set-up step the kernel refused.
 * {@code FILE:LINE: message} and exit 1.
 */
public final class ScenarioFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioFailure(String message) {
        super(message);
    }
}
