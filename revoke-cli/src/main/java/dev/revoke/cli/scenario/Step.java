package dev.revoke.cli.scenario;

/** One parsed line, ready to run against the world. */
@FunctionalInterface
public interface Step {
    void run(World w) throws ScenarioFailure;
}
