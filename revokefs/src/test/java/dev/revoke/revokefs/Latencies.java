package dev.revoke.revokefs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Measured latencies, printed and appended to target/revokefs-latencies.txt for the record. */
final class Latencies {
    private static final Path FILE = Path.of("target/revokefs-latencies.txt");

    static void record(String what, long nanos) {
        String line = String.format(Locale.ROOT, "%-70s %8.2f ms%n", what, nanos / 1e6);
        System.out.print(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the printout is enough
        }
    }

    private Latencies() {}
}
