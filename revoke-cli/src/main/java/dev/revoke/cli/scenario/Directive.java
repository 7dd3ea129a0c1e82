package dev.revoke.cli.scenario;

/**
 * A top-level command of the scenario language ({@code process},
 * {@code device}, {@code expect}...). It parses its words into a
 * {@link Step}, checking names against the scope so that a malformed file
 * fails before anything runs.
 */
public interface Directive {
    /** e.g. {@code process NAME [uid=N]}: shown in errors and docs. */
    String usage();

    Step parse(Args args, ParseScope scope) throws ScenarioError;
}
