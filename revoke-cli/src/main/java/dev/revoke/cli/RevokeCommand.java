package dev.revoke.cli;

import dev.revoke.cli.demo.DemoCommand;
import dev.revoke.cli.holders.HoldersCommand;
import dev.revoke.cli.scenario.SimCommand;
import dev.revoke.cli.terminal.PathResult;
import dev.revoke.cli.terminal.Reports;
import dev.revoke.cli.terminal.TerminalRevoker;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code revoke PATH...}: BSD revoke(2) semantics on the real machine, as
 * far as Linux allows (terminals, hung up), and the home of the
 * subcommands. Each path is processed and reported on its own; the exit
 * code is the worst of them ({@link ExitCodes}).
 */
@Command(name = "revoke",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        synopsisSubcommandLabel = "[COMMAND]",
        description = {
                "Revoke access to PATH: every process holding it open loses it.",
                "On Linux that is possible for terminals: revoke hangs them up (ioctl TIOCVHANGUP), so every holder "
                        + "reads end-of-file and fails writes with EIO, as BSD revoke(2) does. Anything else is refused, saying why.",
                "",
                "Start with 'revoke demo': the emulated kernel, revoking things under sleeping readers."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:revoked (or, with --dry-run, would be) every PATH",
                "1:some PATH failed: missing, permission denied, no CAP_SYS_ADMIN",
                "2:usage error, or malformed input",
                "3:refused: a PATH is not revocable on Linux (not a terminal)"},
        footer = {"%nSeveral PATHs: each is processed and reported; the exit code is the worst (1 over 3 over 0).",
                "Docs: docs/cli.md"},
        subcommands = {HoldersCommand.class, DemoCommand.class, SimCommand.class, AutoComplete.GenerateCompletion.class})
public final class RevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Terminals to revoke (e.g. /dev/pts/3, /dev/ttyS0).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--dry-run", description = "Say what would be revoked and who holds it; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON report on stdout (errors still go to stderr too).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paths.isEmpty()) {
            err.println("revoke: missing PATH (or a command: holders, demo, sim)");
            err.println("Try 'revoke --help' for more information.");
            return ExitCodes.USAGE;
        }
        TerminalRevoker revoker = new TerminalRevoker();
        List<PathResult> results = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (String path : paths) {
            PathResult r = revoker.revoke(path, dryRun);
            results.add(r);
            exit = ExitCodes.worst(exit, r.exitCode());
            if (json) {
                if (r.reason() != null) {
                    err.println(r.errorLine());
                }
            } else {
                Reports.text(r, out, err);
            }
        }
        if (json) {
            out.println(Reports.json("revoke", dryRun, results, exit));
        }
        return exit;
    }
}
