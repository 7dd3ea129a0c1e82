package dev.revoke.cli;

import dev.revoke.cli.demo.DemoCommand;
import dev.revoke.cli.fs.MountCommand;
import dev.revoke.cli.fs.RevokeFsRevoker;
import dev.revoke.cli.fs.UmountCommand;
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
 * far as Linux allows, and the home of the subcommands. Each path takes
 * one of two routes: a file inside a revokefs mount is revoked by the
 * daemon serving it ({@link RevokeFsRevoker}); anything else takes the
 * terminal route ({@link TerminalRevoker}: terminals are hung up, other
 * files refused, saying why). Each path is processed and reported on its
 * own; the exit code is the worst of them ({@link ExitCodes}).
 */
@Command(name = "revoke",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        synopsisSubcommandLabel = "[COMMAND]",
        description = {
                "Revoke access to PATH: every process holding it open loses it.",
                "On Linux that is possible for terminals: revoke hangs them up (ioctl TIOCVHANGUP), so every holder "
                        + "reads end-of-file and fails writes with EIO, as BSD revoke(2) does.",
                "Files inside a revokefs mount ('revoke mount DIR --source SRC') are revocable too: the daemon serving "
                        + "the mount revokes them, and every holder fails reads and writes with EIO.",
                "Anything else is refused, saying why.",
                "",
                "Start with 'revoke demo': the emulated kernel, revoking things under sleeping readers."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:revoked (or, with --dry-run, would be) every PATH",
                "1:some PATH failed: missing, permission denied, no CAP_SYS_ADMIN, not the owner",
                "2:usage error, or malformed input",
                "3:refused: a PATH is not revocable (not a terminal, and not a file inside a revokefs mount)"},
        footer = {"%nSeveral PATHs: each is processed and reported; the exit code is the worst (1 over 3 over 0).",
                "Docs: docs/cli.md"},
        subcommands = {HoldersCommand.class, MountCommand.class, UmountCommand.class, DemoCommand.class, SimCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class RevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Terminals (e.g. /dev/pts/3, /dev/ttyS0), or files inside a revokefs mount (e.g. /mnt/r/src/a.txt).")
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
            err.println("revoke: missing PATH (or a command: holders, mount, umount, demo, sim)");
            err.println("Try 'revoke --help' for more information.");
            return ExitCodes.USAGE;
        }
        TerminalRevoker terminals = new TerminalRevoker();
        RevokeFsRevoker revokefs = new RevokeFsRevoker();
        List<PathResult> results = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (String path : paths) {
            PathResult r = RevokeFsRevoker.serves(path) ? revokefs.revoke(path, dryRun) : terminals.revoke(path, dryRun);
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
