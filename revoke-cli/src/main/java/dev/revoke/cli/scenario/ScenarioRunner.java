package dev.revoke.cli.scenario;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.emulation.Emulation;
import dev.revoke.cli.emulation.Timeline;
import dev.revoke.cli.emulation.WarmUp;
import dev.revoke.cli.terminal.IoErrno;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one scenario file: parse it whole (a malformed line: {@code
 * FILE:LINE: reason}, exit 2, nothing run), boot a fresh emulated system,
 * run the steps in order, and stop at the first step that fails ({@code
 * FILE:LINE: expected X, got Y}, exit 1). The world is torn down in every
 * case, so a failed scenario leaves no thread asleep behind it.
 */
public final class ScenarioRunner {
    private final ScenarioLanguage language;

    public ScenarioRunner(ScenarioLanguage language) {
        this.language = language;
    }

    /** Runs {@code file}, printing the timeline (unless quiet) on {@code out} and problems on {@code err}. */
    public int run(Path file, PrintWriter out, PrintWriter err, boolean quiet) {
        String name = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("revoke: " + name + ": " + IoErrno.of(e).description());
            return ExitCodes.USAGE;
        }
        List<ScenarioParser.Line> steps;
        try {
            steps = new ScenarioParser(language).parse(lines);
        } catch (ScenarioError e) {
            err.println(name + ":" + e.line() + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        WarmUp.run();
        Timeline timeline = new Timeline(out);
        timeline.quiet(quiet);
        timeline.line("== " + name + " ==");
        try (World world = new World(Emulation.boot(), timeline)) {
            for (ScenarioParser.Line step : steps) {
                try {
                    step.step().run(world);
                } catch (ScenarioFailure f) {
                    err.println(name + ":" + step.number() + ": " + f.getMessage());
                    out.println(name + ": FAILED at line " + step.number() + ": " + step.text());
                    return ExitCodes.FAILED;
                }
            }
            out.println(name + ": ok (" + steps.size() + " steps, " + world.expectations() + " expectations held, "
                    + Timeline.millis(timeline.elapsedNanos()) + ")");
            return ExitCodes.OK;
        }
    }
}
