package dev.revoke.cli.scenario;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code revoke sim FILE...}: runs scenario files against the emulated kernel; see docs/cli.md for the language. */
@Command(name = "sim", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run scenario files: emulated processes and threads making system calls, with expectations.",
                "Examples are in scenarios/; the language is described in docs/cli.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation held",
                "1:an expectation failed, a call hung, or a step failed (FILE:LINE: on stderr)",
                "2:usage error, unreadable FILE, or a malformed line (FILE:LINE: reason on stderr)"})
public final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files, run one after another.")
    List<Path> files;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and a summary line per file.")
    boolean quiet;

    @Override
    public Integer call() {
        ScenarioRunner runner = new ScenarioRunner(ScenarioLanguage.standard());
        int exit = ExitCodes.OK;
        for (Path f : files) {
            exit = ExitCodes.worst(exit, runner.run(f, spec.commandLine().getOut(), spec.commandLine().getErr(), quiet));
        }
        return exit;
    }
}
