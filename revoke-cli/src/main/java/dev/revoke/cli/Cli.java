package dev.revoke.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Builds the picocli command line for {@code revoke} with its output
 * streams and its Unix manners: usage errors print {@code revoke: reason}
 * and a hint on stderr and exit 2; an unexpected exception prints
 * {@code revoke: internal error} with its stack trace and exits 1. Tests run
 * commands through {@link #run} with their own writers.
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RevokeCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("revoke: internal error: " + e);
            e.printStackTrace(line.getErr());
            return ExitCodes.FAILED;
        });
        cl.setExitCodeExceptionMapper(e -> ExitCodes.FAILED);
        return cl;
    }

    /** Runs {@code revoke args...}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        err.println("revoke: " + e.getMessage());
        err.println("Try '" + name + " --help' for more information.");
        return ExitCodes.USAGE;
    }
}
