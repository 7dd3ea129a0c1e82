package dev.revoke.cli;

import java.io.PrintWriter;

/** The {@code revoke} executable: what {@code java -jar revoke.jar} runs. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(Cli.run(out, err, args));
    }
}
