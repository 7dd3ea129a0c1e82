package dev.revoke.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code revoke args...} in-process, the way main does, with stdout and stderr captured. */
public record Run(int exit, String out, String err) {
    public static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
